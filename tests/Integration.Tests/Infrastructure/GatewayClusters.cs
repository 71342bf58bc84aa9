namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>Gateway settings that point each of its clusters at a service host of the test's.</summary>
public static class GatewayClusters
{
    public static Dictionary<string, string?> At(Uri harvester, Uri lineage, Uri evaluator, Uri fitting) => new()
    {
        ["ReverseProxy:Clusters:harvester:Destinations:primary:Address"] = harvester.ToString(),
        ["ReverseProxy:Clusters:lineage:Destinations:primary:Address"] = lineage.ToString(),
        ["ReverseProxy:Clusters:evaluator:Destinations:primary:Address"] = evaluator.ToString(),
        ["ReverseProxy:Clusters:fitting:Destinations:primary:Address"] = fitting.ToString(),
    };
}
