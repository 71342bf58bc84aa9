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
            var links = query.GraphLinks();
            if (query.HasErrors) return query.Problem();
            return InferredLinksNote.Answer(context, links, context.Service<GraphState>().GraphFor(links).TopFamilies(limit));
        }).WithSummary("The largest families (rooted at a model with no parent), by distinct derivatives, with counts by relation and depth.");

        api.MapGetById("/families", "", async (id, context) =>
            Graph(context, out var query, out var links) is not { } graph ? query.Problem()
            : graph.GetFamilySize(id) is { } size ? InferredLinksNote.Answer(context, links, size) : await ModelRoutes.NotFoundAsync("family", id, context),
            "One family's size by relation and by depth ('links': declared, the default; all with the leaderboard's base-model links; inferred with the recovered parents above the threshold).");

        api.MapGetById("/families", "/adoption", async (id, context) =>
            Graph(context, out var query, out var links) is not { } graph ? query.Problem()
            : graph.GetAdoptionSeries(id) is { } series ? InferredLinksNote.Answer(context, links, series) : await ModelRoutes.NotFoundAsync("family", id, context),
            "Derivatives per calendar month since the base model's release (month 1), new and cumulative, by relation ('links' as for the family).");
    }

    /// <summary>The graph 'links' asks for; null (with the query's error) for a bad value.</summary>
    static Domain.LineageGraph? Graph(HttpContext context, out QueryParameters query, out GraphLinks links)
    {
        query = new QueryParameters(context.Request);
        links = query.GraphLinks();
        return query.HasErrors ? null : context.Service<GraphState>().GraphFor(links);
    }
}
