using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace OpenAccess.Gateway.Health;

/// <summary>The gateway is ready only while every cluster has a destination its active health probe finds ready.</summary>
public sealed class BackendsHealthCheck(IProxyStateLookup proxy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var down = proxy.GetClusters()
            .Where(c => !c.Destinations.Values.Any(d => d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy))
            .Select(c => c.ClusterId)
            .Order()
            .ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy("every backend answers")
            : HealthCheckResult.Unhealthy($"no ready destination for: {string.Join(", ", down)}"));
    }
}
