using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenAccess.Lineage.Graph;

namespace OpenAccess.Lineage.Replicas;

/// <summary>
/// A reader's catching up: once its graph is loaded from the store, it publishes a probe that reaches its own queue behind
/// every notice queued during the load; when the probe is consumed, those notices have been applied and the reader serves.
/// </summary>
public sealed class ReplicaCatchUp(GraphState state, ReplicaOptions options, IBus bus, ILogger<ReplicaCatchUp> logger) : BackgroundService
{
    /// <summary>How long to wait before publishing the probe again when the broker refused it.</summary>
    static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    readonly Guid token = Guid.NewGuid();
    readonly TaskCompletionSource caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task CaughtUp => caughtUp.Task;

    /// <summary>A probe reached this reader's queue; every reader receives every probe, and takes only its own.</summary>
    public void Arrived(LineageReplicaProbe probe)
    {
        if (probe.Instance == options.Instance && probe.Token == token && caughtUp.TrySetResult())
        {
            logger.LogInformation("Lineage replica {Instance} caught up: {Models} models in its graph", options.Instance, state.Graph.ModelCount);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await state.Ready.WaitAsync(stoppingToken);
        while (true)
        {
            try
            {
                await bus.Publish(new LineageReplicaProbe(options.Instance!, token), stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not publish the catch-up probe of {Instance} ({Reason}); trying again", options.Instance, e.Message);
                await Task.Delay(RetryDelay, stoppingToken);
            }
        }
    }
}

/// <summary>A reader is not ready until it has caught up: before that its answers would lag the writer's store.</summary>
public sealed class ReplicaCaughtUpCheck(GraphState state, ReplicaCatchUp catchUp) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catchUp.CaughtUp.IsCompletedSuccessfully ? HealthCheckResult.Healthy("caught up with the writer")
            : state.Ready.IsCompletedSuccessfully ? HealthCheckResult.Unhealthy("applying what the writer stored while the graph loaded")
            : HealthCheckResult.Unhealthy("loading the graph from the store"));
}
