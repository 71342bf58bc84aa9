using OpenAccess.ServiceDefaults.Messaging.Replay;

namespace OpenAccess.Lineage.Apis;

public static class LineageApi
{
    public static RouteGroupBuilder MapLineageApi(this IEndpointRouteBuilder app, string prefix = "")
    {
        var api = app.MapGroup(prefix).WithTags("Lineage");
        api.MapModelsApi();
        api.MapFamiliesApi();
        api.MapStatsApi();
        api.MapReplayApi(nameof(OpenAccess.Contracts.FamilyAdoptionChanged));
        return api;
    }
}
