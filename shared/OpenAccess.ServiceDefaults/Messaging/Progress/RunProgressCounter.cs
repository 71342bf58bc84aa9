using System.Collections.Concurrent;
using OpenAccess.Contracts;

namespace OpenAccess.ServiceDefaults.Messaging.Progress;

/// <summary>
/// What this process has stored of each harvest run, per queue: each message id once within
/// <see cref="RunProgressOptions.RecentMessageWindow"/> (a redelivery, or the harvester publishing a batch again after a crash,
/// is not counted twice). <see cref="RunProgressReporter"/> sends the counts that changed.
/// </summary>
public sealed class RunProgressCounter(RunProgressOptions options, TimeProvider clock)
{
    /// <summary>This process: a restarted consumer counts afresh under a new instance, and the harvester adds instances up.</summary>
    public Guid Instance { get; } = Guid.NewGuid();

    readonly ConcurrentDictionary<(string RunId, string Queue), Tally> tallies = new();

    /// <summary>One event of <paramref name="runId"/> was consumed to the end on <paramref name="queue"/>.</summary>
    public void Stored(string runId, string queue, string messageType, Guid? messageId)
    {
        var tally = tallies.GetOrAdd((runId, queue), static (_, type) => new Tally(type), messageType);
        tally.Add(messageId, clock.GetUtcNow(), options.RecentMessageWindow);
    }

    /// <summary>
    /// The reports due: one per run and queue whose count changed since it was last taken. Counts unchanged for
    /// <see cref="RunProgressOptions.ForgetAfter"/> are dropped.
    /// </summary>
    public IReadOnlyList<HarvestRunProgress> TakeChanged()
    {
        var now = clock.GetUtcNow();
        var due = new List<HarvestRunProgress>();
        foreach (var ((runId, queue), tally) in tallies)
        {
            if (tally.TakeIfChanged() is { } taken)
            {
                due.Add(new HarvestRunProgress
                {
                    RunId = runId, Consumer = queue, MessageType = tally.MessageType, Instance = Instance,
                    Stored = taken.Stored, LastStoredAt = taken.LastStoredAt, ReportedAt = now,
                });
            }
            else if (now - tally.LastStoredAt > options.ForgetAfter)
            {
                tallies.TryRemove(new KeyValuePair<(string, string), Tally>((runId, queue), tally));
            }
        }

        return due;
    }

    /// <summary>A report that could not be sent is sent at the next turn.</summary>
    public void Untake(HarvestRunProgress report)
    {
        if (tallies.TryGetValue((report.RunId, report.Consumer), out var tally)) tally.Untake();
    }

    sealed class Tally(string messageType)
    {
        readonly HashSet<Guid> recent = [];
        readonly Queue<Guid> order = new();
        long stored, reported = -1;

        public string MessageType { get; } = messageType;
        public DateTimeOffset LastStoredAt { get; private set; }

        public void Add(Guid? messageId, DateTimeOffset at, int window)
        {
            lock (this)
            {
                if (messageId is { } id && window > 0)
                {
                    if (!recent.Add(id)) return;
                    order.Enqueue(id);
                    if (order.Count > window) recent.Remove(order.Dequeue());
                }

                stored++;
                LastStoredAt = at;
            }
        }

        public (long Stored, DateTimeOffset LastStoredAt)? TakeIfChanged()
        {
            lock (this)
            {
                if (stored == reported) return null;
                reported = stored;
                return (stored, LastStoredAt);
            }
        }

        public void Untake()
        {
            lock (this) reported = -1;
        }
    }
}
