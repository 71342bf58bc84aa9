using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Apis;

/// <summary>
/// The open-source study's figures as series a chart draws directly; each takes from, to, family, author and population
/// (<c>hub</c>, the default: the Hub's models in the graph; <c>leaderboard-v1</c> / <c>leaderboard-v2</c>: that table's rows,
/// one per model, see <see cref="LeaderboardPopulation"/>). A series longer than <c>OpenAccess:Lineage:MaxSeriesPoints</c>
/// is a 400 naming 'from', 'to' (and 'period' where there is one) and the limit, never a coarser period chosen silently.
/// A statistic that means nothing for the population is a 400 naming 'population' and why, never an empty chart.
/// Under population=hub, <c>links=all</c> counts the leaderboard's base-model links too (<see cref="GraphState.GraphWithLeaderboardLinks"/>);
/// <c>links=inferred</c> the recovered parents at or above the threshold too, stated in the answer (<see cref="InferredLinksNote"/>);
/// the default <c>links=declared</c> (<c>hub</c>) is the Hub's own tree.
/// </summary>
public static class StatsApi
{
    public static void MapStatsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/stats/summary", async (HttpContext context, GraphState state, IDocumentCollection<StoredModel> models, CancellationToken ct) =>
        {
            var query = new QueryParameters(context.Request);
            var version = query.Population();
            if (query.HasErrors) return query.Problem();
            if (version is null) return TypedResults.Ok(new { models = await models.CountAsync(ct), graphNodes = state.Graph.ModelCount });
            var p = state.Leaderboard(version).Population;
            return TypedResults.Ok<object>(new
            {
                population = $"leaderboard-{version}", models = p.Count, rows = p.Rows, duplicates = p.Duplicates,
                unknownType = p.UnknownKind, unknownSize = p.UnknownSize, unknownArchitecture = p.UnknownArchitecture, undated = p.Undated,
            });
        }).WithSummary("How many models are stored and graph nodes held (hub); or a leaderboard population's members, rows, duplicates and unknown fields.");
        Map(api, "/stats/authors", "Total and new authors per week or month ('period').",
            (_, e, q, f) => e.AuthorActivity(f, Period(q, TimePeriod.Week)),
            (l, q, f) => l.AuthorActivity(f, Period(q, TimePeriod.Week)));
        Map(api, "/stats/repositories-per-author", "How many authors have 1, 2, 3… repositories (or leaderboard submissions).",
            (_, e, _, f) => e.RepositoriesPerAuthor(f),
            (l, _, f) => l.RepositoriesPerAuthor(f));
        Map(api, "/stats/new-models", "New models per week (or 'period' month, quarter) by type: the Hub's relations, or the leaderboard's type labels.",
            (_, e, q, f) => e.NewModelsByType(f, Period(q, TimePeriod.Week)),
            (l, q, f) => l.NewModelsByType(f, Period(q, TimePeriod.Week)));
        Map(api, "/stats/architectures", "Total models per week by architecture ('top' architectures, the rest as other).",
            (_, e, q, f) => e.TotalModelsPerWeekByArchitecture(f, q.Int("top", 10, 1, 100)),
            (l, q, f) => l.TotalModelsPerWeekByArchitecture(f, q.Int("top", 10, 1, 100)));
        Map(api, "/stats/concentration", "Share of all derivatives per family, top-k share and Herfindahl–Hirschman index over time.",
            (_, e, q, f) => e.Concentration(f, Period(q, TimePeriod.Month), q.Int("topK", 5, 1, 100)),
            (l, q, f) => NamesBases(l, q, "concentration") ? l.Concentration(f, Period(q, TimePeriod.Month), q.Int("topK", 5, 1, 100)) : null);
        Map(api, "/stats/benchmark-deltas", "Fine-tune minus base leaderboard scores by size bucket: pairwise (hub, 'leaderboard' v1 or v2), and fine-tuned and chat rows against pretrained rows (a leaderboard population).",
            (s, e, q, f) => q.OneOf("leaderboard", "v2", "v1", "v2") is var version && q.HasErrors ? null : e.BenchmarkDeltas(s.BenchmarkScores(version), f),
            (l, q, f) => SameLeaderboard(l, q) ? l.BenchmarkDeltas(f) : null);
    }

    static TimePeriod Period(QueryParameters query, TimePeriod fallback) => query.Enum<TimePeriod>("period") ?? fallback;

    static void Map(IEndpointRouteBuilder api, string path, string summary,
        Func<GraphState, EcosystemStatistics, QueryParameters, StatisticsFilter, object?> hub, Func<LeaderboardStatistics, QueryParameters, StatisticsFilter, object?> leaderboard) =>
        api.MapGet(path, async (HttpContext context) =>
        {
            var query = new QueryParameters(context.Request);
            var filter = query.Filter();
            var version = query.Population();
            var links = query.GraphLinks();
            if (version is not null && context.Request.Query.ContainsKey("links"))
            {
                query.Fail($"'links' applies to population=hub only: a leaderboard population is the table's rows, whose base models are its own column.");
            }

            if (query.HasErrors) return query.Problem();
            var state = context.Service<GraphState>();
            object? answer;
            try
            {
                if (version is null) answer = hub(state, state.StatisticsFor(links), query, filter);
                else
                {
                    var statistics = state.Leaderboard(version);
                    answer = filter.FamilyId is null || NamesBases(statistics, query, "'family'") ? leaderboard(statistics, query, filter) : null;
                }
            }
            catch (SeriesTooLongException e)
            {
                query.Fail(TooLong(e, hasPeriod: context.Request.Query.ContainsKey("period") || path is "/stats/authors" or "/stats/concentration" or "/stats/new-models"));
                answer = null;
            }
            if (query.HasErrors) return query.Problem();
            return answer is null ? await ModelRoutes.NotFoundAsync("family", filter.FamilyId ?? "", context) : InferredLinksNote.Answer(context, links, answer);
        }).WithSummary(summary);

    /// <summary>Families and pairs need the table's base-model column; v1 has none.</summary>
    static bool NamesBases(LeaderboardStatistics statistics, QueryParameters query, string what)
    {
        if (statistics.Population.NamesBases) return true;
        query.Fail($"'population' {query.Text("population")} means nothing for {what}: that table names no base model, so its rows form no families. Ask population=hub or leaderboard-v2.");
        return false;
    }

    /// <summary>Under a leaderboard population the table is the leaderboard; a 'leaderboard' naming the other one is a contradiction.</summary>
    static bool SameLeaderboard(LeaderboardStatistics statistics, QueryParameters query)
    {
        var population = query.Text("population")!;
        if (query.Text("leaderboard") is not { } asked || population.EndsWith(asked, StringComparison.OrdinalIgnoreCase)) return true;
        query.Fail($"'leaderboard' {asked} contradicts 'population' {population}: a leaderboard population compares its own table's rows; leave 'leaderboard' out.");
        return false;
    }

    static string TooLong(SeriesTooLongException e, bool hasPeriod)
    {
        var unit = e.Period.ToString().ToLowerInvariant();
        var message = $"From 'from' to 'to' is {e.Points:N0} {unit}s, more than the {e.MaxPoints:N0} points one answer holds: narrow 'from' and 'to' (a missing one is the first or last dated model)";
        return hasPeriod && e.Period == TimePeriod.Week ? message + ", or ask for 'period' month." : message + ".";
    }
}
