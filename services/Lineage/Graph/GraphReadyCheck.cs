using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpenAccess.Lineage.Graph;

/// <summary>Not ready until the graph has been rebuilt from the store: until then its answers would be partial.</summary>
public sealed class GraphReadyCheck(GraphState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Ready.IsCompletedSuccessfully
            ? HealthCheckResult.Healthy($"{state.Graph.ModelCount} models in the graph")
            : HealthCheckResult.Unhealthy("the lineage graph is still loading"));
}
