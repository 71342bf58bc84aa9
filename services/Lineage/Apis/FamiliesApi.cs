using OpenAccess.Lineage.Graph;

namespace OpenAccess.Lineage.Apis;

public static class FamiliesApi
{
    public static void MapFamiliesApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/families", (HttpContext context) =>
        {
            var query = new QueryParameters(context.Request);
            var limit = query.Int("limit", 20, 1, 1000);
            return query.HasErrors ? query.Problem() : TypedResults.Ok(context.Service<GraphState>().Graph.TopFamilies(limit));
        }).WithSummary("The largest families (rooted at a model with no parent), by distinct derivatives, with counts by relation and depth.");

        api.MapGetById("/families", "", (id, context) => Task.FromResult(
            context.Service<GraphState>().Graph.GetFamilySize(id) is { } size ? TypedResults.Ok(size) : ModelRoutes.NotFound("family", id)),
            "One family's size by relation and by depth.");

        api.MapGetById("/families", "/adoption", (id, context) => Task.FromResult(
            context.Service<GraphState>().Graph.GetAdoptionSeries(id) is { } series ? TypedResults.Ok(series) : ModelRoutes.NotFound("family", id)),
            "Derivatives per calendar month since the base model's release (month 1), new and cumulative, by relation.");
    }
}
