using OpenAccess.ServiceDefaults.Messaging.Replay;

namespace OpenAccess.Evaluator.Apis;

public static class AccessApi
{
    /// <summary>Every Evaluator endpoint under <paramref name="prefix"/> (the gateway and the Standalone host use <c>/api/access</c>).</summary>
    public static RouteGroupBuilder MapEvaluatorApi(this IEndpointRouteBuilder app, string prefix = "")
    {
        var api = app.MapGroup(prefix).WithTags("Access");
        api.MapProfilesApi();
        api.MapBenchmarkCostsApi();
        api.MapWhatIfApi();
        api.MapCataloguesApi();
        api.MapOpennessApi();
        api.MapReplayApi(nameof(OpenAccess.Contracts.AccessProfileUpdated));
        return api;
    }
}
