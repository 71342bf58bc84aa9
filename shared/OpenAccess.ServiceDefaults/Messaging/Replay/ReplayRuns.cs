using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenAccess.ServiceDefaults.Messaging.Replay;

/// <summary>A replay as <c>GET /replays/{id}</c> shows it.</summary>
/// <param name="Id">The replay's id.</param>
/// <param name="EventType">The event replayed, e.g. <c>ModelDiscovered</c>.</param>
/// <param name="Queue">The one queue it is sent to.</param>
/// <param name="Status"><c>running</c>, <c>completed</c> or <c>failed</c>.</param>
/// <param name="Total">What the store held when the replay started; a model, family or profile added or changed while it runs may
/// make <paramref name="Sent"/> end a little off it (that change is published to every bound queue anyway).</param>
/// <param name="Sent">Messages the broker has confirmed so far (on the in-memory bus: delivered to the queue).</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="FinishedAt">When it completed or failed; null while running.</param>
/// <param name="Failure">Why it failed; null otherwise.</param>
public sealed record ReplayStatus(
    string Id, string EventType, string Queue, string Status, long Total, long Sent, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Failure);

public enum ReplayOutcome { Started, NoSuchQueue, QueueBusy }

/// <summary>
/// Runs replays: the current state of one event type sent to one named queue and to no other (MassTransit's send to
/// <c>queue:NAME</c>, never a publish to the event's exchange), each message under its original id, at most
/// <see cref="ReplayOptions.MaxInFlight"/> awaiting the broker's confirm, one replay a queue at a time. Statuses are kept in
/// memory: a restart forgets them, and stops a replay under way (start it again: what its queue already has changes nothing).
/// </summary>
public sealed class ReplayRuns(
    IEnumerable<IReplaySource> sources, IReplayQueues queues, IBus bus, ReplayOptions options, IHostApplicationLifetime lifetime, ILogger<ReplayRuns> logger)
{
    static readonly ActivitySource Source = new("OpenAccess.Replay");

    readonly ConcurrentDictionary<string, Replay> replays = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<string> finished = new();
    readonly Dictionary<string, Replay> running = new(StringComparer.Ordinal);

    public bool Replays(string eventType) => sources.Any(s => s.EventType == eventType);

    public ReplayStatus? Get(string id) => replays.TryGetValue(id, out var replay) ? replay.Status : null;

    /// <summary>Starts a replay of <paramref name="eventType"/> (one of this process's sources) to <paramref name="queue"/>.</summary>
    /// <returns>The outcome, with the new replay's status, or the running one's when the queue is busy.</returns>
    public async Task<(ReplayOutcome Outcome, ReplayStatus? Status)> StartAsync(string eventType, string queue, CancellationToken cancellationToken)
    {
        var source = sources.Single(s => s.EventType == eventType);
        if (!await queues.ExistsAsync(queue, cancellationToken)) return (ReplayOutcome.NoSuchQueue, null);
        var total = await source.CountAsync(cancellationToken);
        Replay replay;
        lock (running)
        {
            if (running.TryGetValue(queue, out var busy)) return (ReplayOutcome.QueueBusy, busy.Status);
            replay = new Replay(Guid.NewGuid().ToString("N"), eventType, queue, total, DateTimeOffset.UtcNow);
            running[queue] = replay;
            replays[replay.Id] = replay;
        }

        // Not awaited: the request answers at once with the run, which goes on after it (its span a child of the request's).
        _ = Task.Run(() => RunAsync(replay, source), CancellationToken.None);
        return (ReplayOutcome.Started, replay.Status);
    }

    async Task RunAsync(Replay replay, IReplaySource source)
    {
        using var activity = Source.StartActivity($"replay {replay.EventType}");
        activity?.SetTag("messaging.system", bus.Address.Scheme);
        activity?.SetTag("messaging.destination.name", replay.Queue);
        activity?.SetTag("openaccess.replay.id", replay.Id);
        activity?.SetTag("openaccess.replay.event_type", replay.EventType);
        var token = lifetime.ApplicationStopping;
        var window = new Queue<Task>(options.MaxInFlight);
        try
        {
            var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{replay.Queue}"));
            await foreach (var message in source.ReadAsync(token))
            {
                if (window.Count == options.MaxInFlight)
                {
                    await window.Dequeue();
                    replay.Confirmed();
                }

                var id = message.MessageId;
                window.Enqueue(endpoint.Send(message.Message, message.Message.GetType(), Pipe.Execute<SendContext>(c => c.MessageId = id), token));
            }

            while (window.TryDequeue(out var send))
            {
                await send;
                replay.Confirmed();
            }

            replay.Finish("completed", null);
            activity?.SetTag("messaging.batch.message_count", replay.Status.Sent);
            logger.LogInformation("Replayed {Sent} {EventType} to {Queue} (replay {Id})", replay.Status.Sent, replay.EventType, replay.Queue, replay.Id);
        }
        catch (Exception e)
        {
            await Task.WhenAll(window).ContinueWith(_ => { }, TaskScheduler.Default); // none left unobserved
            replay.Finish("failed", e.Message);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            logger.LogError(e, "Replay {Id} of {EventType} to {Queue} failed after {Sent} sent", replay.Id, replay.EventType, replay.Queue, replay.Status.Sent);
        }
        finally
        {
            lock (running) running.Remove(replay.Queue);
            finished.Enqueue(replay.Id);
            while (finished.Count > options.KeepFinished && finished.TryDequeue(out var old)) replays.TryRemove(old, out _);
        }
    }

    sealed class Replay(string id, string eventType, string queue, long total, DateTimeOffset startedAt)
    {
        long sent;
        volatile Ending? ending;

        sealed record Ending(string State, DateTimeOffset At, string? Failure);

        public string Id => id;
        public string EventType => eventType;
        public string Queue => queue;

        public void Confirmed() => Interlocked.Increment(ref sent);

        public void Finish(string state, string? failure) => ending = new(state, DateTimeOffset.UtcNow, failure);

        public ReplayStatus Status => ending is { } e
            ? new(id, eventType, queue, e.State, total, Interlocked.Read(ref sent), startedAt, e.At, e.Failure)
            : new(id, eventType, queue, "running", total, Interlocked.Read(ref sent), startedAt, null, null);
    }
}
