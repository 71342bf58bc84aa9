using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Apis;

/// <summary>
/// The open-source study's figures as series a chart draws directly; each takes from, to, family and author.
/// A series longer than <c>OpenAccess:Lineage:MaxSeriesPoints</c> is a 400 naming 'from', 'to' (and 'period'
/// where there is one) and the limit, never a coarser period chosen silently.
/// </summary>
public static class StatsApi
{
    public static void MapStatsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/summary", async (GraphState state, IDocumentCollection<StoredModel> models, CancellationToken ct) =>
            TypedResults.Ok(new { models = await models.CountAsync(ct), graphNodes = state.Graph.ModelCount }))
            .WithSummary("How many models are stored, and how many nodes (including pending parents) the graph holds.");
        Map(api, "/stats/authors", "Total and new authors per week or month ('period').",
            (s, q, f) => s.Statistics.AuthorActivity(f, q.Enum<TimePeriod>("period") ?? TimePeriod.Week));
        Map(api, "/stats/repositories-per-author", "How many authors have 1, 2, 3… repositories.",
            (s, _, f) => s.Statistics.RepositoriesPerAuthor(f));
        Map(api, "/stats/new-models", "New models per week by type: pretrained, fine-tune, chat/instruct, adapter, quantized, merge.",
            (s, _, f) => s.Statistics.NewModelsPerWeekByType(f));
        Map(api, "/stats/architectures", "Total models per week by architecture ('top' architectures, the rest as other).",
            (s, q, f) => s.Statistics.TotalModelsPerWeekByArchitecture(f, q.Int("top", 10, 1, 100)));
        Map(api, "/stats/concentration", "Share of all derivatives per family, top-k share and Herfindahl–Hirschman index over time.",
            (s, q, f) => s.Statistics.Concentration(f, q.Enum<TimePeriod>("period") ?? TimePeriod.Month, q.Int("topK", 5, 1, 100)));
        Map(api, "/stats/benchmark-deltas", "Fine-tune minus base leaderboard scores, by parameter-size bucket ('leaderboard' v1 or v2).",
            (s, q, f) => q.OneOf("leaderboard", "v2", "v1", "v2") is var version && q.HasErrors ? null : s.Statistics.BenchmarkDeltas(s.BenchmarkScores(version), f));
    }

    static void Map<T>(IEndpointRouteBuilder api, string path, string summary, Func<GraphState, QueryParameters, StatisticsFilter, T?> compute) where T : class =>
        api.MapGet(path, (HttpContext context) =>
        {
            var query = new QueryParameters(context.Request);
            var filter = query.Filter();
            if (query.HasErrors) return query.Problem();
            T? answer;
            try
            {
                answer = compute(context.Service<GraphState>(), query, filter);
            }
            catch (SeriesTooLongException e)
            {
                query.Fail(TooLong(e, hasPeriod: context.Request.Query.ContainsKey("period") || path is "/stats/authors" or "/stats/concentration"));
                answer = null;
            }
            if (query.HasErrors) return query.Problem();
            return answer is null ? ModelRoutes.NotFound("family", filter.FamilyId ?? "") : TypedResults.Ok(answer);
        }).WithSummary(summary);

    static string TooLong(SeriesTooLongException e, bool hasPeriod)
    {
        var unit = e.Period.ToString().ToLowerInvariant();
        var message = $"From 'from' to 'to' is {e.Points:N0} {unit}s, more than the {e.MaxPoints:N0} points one answer holds: narrow 'from' and 'to' (a missing one is the first or last dated model)";
        return hasPeriod && e.Period == TimePeriod.Week ? message + ", or ask for 'period' month." : message + ".";
    }
}
