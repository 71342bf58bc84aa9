using OpenAccess.Harvester.Importing;
using EvaluatorMarker = OpenAccess.Evaluator.Consumers.ModelsDiscoveredConsumer;
using FittingMarker = OpenAccess.Fitting.Consumers.FamilyAdoptionChangedConsumer;
using LineageMarker = OpenAccess.Lineage.Consumers.ModelsDiscoveredConsumer;

namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>The four services each on a host of its own, configured by <c>settings(service name)</c>, and the gateway settings that point its clusters at them.</summary>
public sealed class ServiceHosts : IDisposable
{
    public ServiceHosts(Func<string, IReadOnlyDictionary<string, string?>> settings)
    {
        Harvester = new(settings("harvester"));
        Lineage = new(settings("lineage"));
        Evaluator = new(settings("evaluator"));
        Fitting = new(settings("fitting"));
    }

    public ServiceFactory<SnapshotImporter> Harvester { get; }
    public ServiceFactory<LineageMarker> Lineage { get; }
    public ServiceFactory<EvaluatorMarker> Evaluator { get; }
    public ServiceFactory<FittingMarker> Fitting { get; }

    /// <summary>Settings for the gateway: each cluster's one destination is the service host of this set.</summary>
    public Dictionary<string, string?> GatewaySettings() => new()
    {
        ["ReverseProxy:Clusters:harvester:Destinations:primary:Address"] = Harvester.Address.ToString(),
        ["ReverseProxy:Clusters:lineage:Destinations:primary:Address"] = Lineage.Address.ToString(),
        ["ReverseProxy:Clusters:evaluator:Destinations:primary:Address"] = Evaluator.Address.ToString(),
        ["ReverseProxy:Clusters:fitting:Destinations:primary:Address"] = Fitting.Address.ToString(),
    };

    /// <summary>In the reverse order of start, as <c>using</c> declarations of each would.</summary>
    public void Dispose()
    {
        Fitting.Dispose();
        Evaluator.Dispose();
        Lineage.Dispose();
        Harvester.Dispose();
    }
}
