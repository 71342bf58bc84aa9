using MassTransit;

namespace OpenAccess.Lineage.Replicas;

/// <summary>
/// A reader's hold on its queue. At start it lets nothing load the graph until the queue is bound (it starts before
/// <see cref="Graph.GraphLoader"/>, and start-up runs hosted services one after another), so a record the writer stores
/// is either in the store when the load reads it or named in a notice on the queue. Later, when the reader was cut off
/// from the broker long enough for its queue to have expired meanwhile (<see cref="ReplicaOptions.QueueExpiry"/>; the
/// queue is then declared anew, empty), notices may have been lost: the reader stops, to be restarted and load again.
/// </summary>
public sealed class ReplicaSubscription(ReplicaOptions options, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<ReplicaSubscription> logger)
    : IReceiveEndpointObserver, IHostedService
{
    readonly TaskCompletionSource bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Lock gate = new();
    DateTimeOffset? lostAt;

    public Task StartAsync(CancellationToken cancellationToken) => bound.Task.WaitAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (!IsMine(ready)) return Task.CompletedTask;
        TimeSpan? away;
        lock (gate)
        {
            away = time.GetUtcNow() - lostAt;
            lostAt = null;
        }

        // Half the expiry: the broker counts it from when it saw the consumer go, which may be before this process noticed.
        if (away >= options.QueueExpiry / 2)
        {
            logger.LogError("Lineage replica {Instance} was away from its queue {Queue} for {Away}, and its queue expires after {Expiry} unused: " +
                "notices may be lost, so it stops, to be restarted and load the graph again", options.Instance, options.QueueName, away, options.QueueExpiry);
            lifetime.StopApplication();
        }

        bound.TrySetResult();
        return Task.CompletedTask;
    }

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        if (IsMine(faulted)) Lost();
        return Task.CompletedTask;
    }

    public Task Completed(ReceiveEndpointCompleted completed)
    {
        if (IsMine(completed) && !lifetime.ApplicationStopping.IsCancellationRequested) Lost();
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    void Lost()
    {
        lock (gate) lostAt ??= time.GetUtcNow();
    }

    bool IsMine(ReceiveEndpointEvent e) => e.InputAddress.AbsolutePath.TrimEnd('/').EndsWith("/" + options.QueueName, StringComparison.Ordinal);
}
