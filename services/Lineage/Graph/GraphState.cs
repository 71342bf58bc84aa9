using System.Collections.Concurrent;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Extensions;

namespace OpenAccess.Lineage.Graph;

/// <summary>
/// The in-memory lineage graph the queries read, rebuilt from the store at start-up and kept current by
/// the consumers. Consumers wait for <see cref="Ready"/> so no event is applied to a half-loaded graph.
/// </summary>
public sealed class GraphState
{
    readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Lock writer = new();

    /// <summary>The Hub's own tree: every link is a <c>base_model:</c> tag of the child.</summary>
    public LineageGraph Graph { get; }

    public EcosystemStatistics Statistics { get; }

    /// <summary>
    /// The Hub's tree with the leaderboard's base-model links added (<c>links=all</c>): a v2 row's <c>Base Model</c> becomes the
    /// parent of a Hub model whose tags name none. Built by the same upserts, so the same checks refuse a cycle or a chain too deep.
    /// </summary>
    /// Null when <see cref="LineageOptions.LeaderboardLinkGraph"/> is off.
    public LineageGraph? GraphWithLeaderboardLinks { get; }

    public EcosystemStatistics? StatisticsWithLeaderboardLinks { get; }

    /// <summary>Each Hub model as last given to the graph, to apply a leaderboard link that arrives after it.</summary>
    readonly ConcurrentDictionary<string, LineageModel> hubModels = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The base models v2 rows name for a model other than itself, by result key: the smallest id is the link (any arrival order gives the same).</summary>
    readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> leaderboardBases = new(StringComparer.OrdinalIgnoreCase);

    readonly int maxPoints;

    /// <summary>Latest leaderboard results by model id, then by result key (<see cref="Storage.BenchmarkKeys"/>): a model's own are one lookup.</summary>
    /// Model ids match case-insensitively, as in the graph.
    readonly ConcurrentDictionary<string, ConcurrentDictionary<string, BenchmarkUpdated>> benchmarks = new(StringComparer.OrdinalIgnoreCase);

    public GraphState() : this(new LineageOptions())
    {
    }

    public GraphState(LineageOptions options)
    {
        Graph = new LineageGraph(limits: options.GraphLimits);
        Statistics = new EcosystemStatistics(Graph, options.MaxSeriesPoints);
        if (options.LeaderboardLinkGraph)
        {
            GraphWithLeaderboardLinks = new LineageGraph(limits: options.GraphLimits);
            StatisticsWithLeaderboardLinks = new EcosystemStatistics(GraphWithLeaderboardLinks, options.MaxSeriesPoints);
        }

        maxPoints = options.MaxSeriesPoints;
    }

    public Task Ready => ready.Task;

    public void MarkReady() => ready.TrySetResult();

    /// <summary>The graph takes one writer at a time; consumers run concurrently.</summary>
    public UpsertResult Upsert(LineageModel model)
    {
        lock (writer)
        {
            var result = Graph.Upsert(model);
            if (GraphWithLeaderboardLinks is { } linked)
            {
                hubModels[result.Id] = model;
                linked.Upsert(WithLeaderboardLink(model));
            }

            return result;
        }
    }

    /// <summary>Keeps <paramref name="result"/> as the latest under <paramref name="key"/>; a v2 row's base model links the Hub model in <see cref="GraphWithLeaderboardLinks"/>.</summary>
    public void SetBenchmark(string key, BenchmarkUpdated result)
    {
        var results = benchmarks.GetOrAdd(result.ModelId, _ => new ConcurrentDictionary<string, BenchmarkUpdated>(StringComparer.Ordinal));
        results[key] = result;
        lock (leaderboardRows)
        {
            // Every version the model may have left or joined is chosen again from what it holds now; the last writer
            // of a model reads after every store before it, so concurrent results of one model all count.
            leaderboardRows.TryAdd(result.LeaderboardVersion, new LeaderboardRows());
            foreach (var (version, rows) in leaderboardRows)
                rows.Set(result.ModelId, results.Values.Where(b => b.LeaderboardVersion == version).Select(RowOf).ToList());
            benchmarkChanges++;
        }
        if (result.LeaderboardVersion != "v2" || result.BaseModel is not { } baseModel || string.Equals(baseModel, result.ModelId, StringComparison.OrdinalIgnoreCase)) return;
        leaderboardBases.GetOrAdd(result.ModelId, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal))[key] = baseModel;
        lock (writer)
        {
            if (GraphWithLeaderboardLinks is { } linked && hubModels.TryGetValue(result.ModelId, out var model)) linked.Upsert(WithLeaderboardLink(model));
        }
    }

    /// <summary>The leaderboard's base model of <paramref name="modelId"/> (the smallest id when its rows name several), or null.</summary>
    public string? LeaderboardBaseOf(string modelId) =>
        leaderboardBases.TryGetValue(modelId, out var bases) ? bases.Values.Order(StringComparer.OrdinalIgnoreCase).FirstOrDefault() : null;

    /// <summary>The model as <see cref="GraphWithLeaderboardLinks"/> takes it: its tags win; without any, the leaderboard's base model, as a fine-tune.</summary>
    LineageModel WithLeaderboardLink(LineageModel model) =>
        model.Parents.Count == 0 && LeaderboardBaseOf(model.Id) is { } baseModel ? model with { Parents = [new BaseModelLink(baseModel, BaseModelRelation.Finetune)] } : model;

    /// <summary>The graph <c>links</c> asks for: the Hub's own (<c>hub</c>, the default) or with the leaderboard's links (<c>all</c>).</summary>
    /// (The query parameters refuse <c>links=all</c> when that graph is off: <see cref="Apis.QueryParameters.LeaderboardLinks"/>.)
    public LineageGraph GraphFor(bool withLeaderboardLinks) =>
        withLeaderboardLinks ? GraphWithLeaderboardLinks ?? throw new InvalidOperationException(LinkGraphOff) : Graph;

    public EcosystemStatistics StatisticsFor(bool withLeaderboardLinks) =>
        withLeaderboardLinks ? StatisticsWithLeaderboardLinks ?? throw new InvalidOperationException(LinkGraphOff) : Statistics;

    public const string LinkGraphOff =
        "'links=all' needs the graph with the leaderboard's links, which this deployment does not keep (OpenAccess:Lineage:LeaderboardLinkGraph=false).";

    /// <summary>The latest leaderboard result of a model that names its architecture, size or licence: v2 before v1, then the latest.</summary>
    public BenchmarkUpdated? LeaderboardRecordOf(string modelId) =>
        !benchmarks.TryGetValue(modelId, out var results) ? null : results.Values
            .Where(b => b.Architecture is not null || b.ParametersInBillions is not null || b.License is not null)
            .OrderByDescending(b => b.LeaderboardVersion, StringComparer.Ordinal)
            .ThenByDescending(b => b.EvaluatedAt)
            .ThenBy(b => b.Precision, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>Each leaderboard version's members, kept as results arrive; also the lock of <see cref="benchmarkChanges"/>.</summary>
    readonly Dictionary<string, LeaderboardRows> leaderboardRows = new(StringComparer.Ordinal);
    int benchmarkChanges;
    readonly ConcurrentDictionary<string, (int Changes, LeaderboardStatistics Statistics)> leaderboards = new(StringComparer.Ordinal);

    static LeaderboardRow RowOf(BenchmarkUpdated b) => new(b.ModelId, b.ModelTypeLabel, b.Architecture, b.ParametersInBillions, b.EvaluatedAt, b.Average,
        b.Scores.Select(s => KeyValuePair.Create(s.Benchmark, s.NormalisedValue ?? s.RawValue)), b.BaseModel, b.Precision);

    /// <summary>
    /// The statistics over one leaderboard version's rows (<see cref="LeaderboardPopulation"/>), rebuilt from the members
    /// kept as results arrive (<see cref="LeaderboardRows"/>) when a result arrived since the last build; between changes
    /// every route reads the same built population.
    /// </summary>
    public LeaderboardStatistics Leaderboard(string leaderboardVersion)
    {
        int changes;
        (List<LeaderboardRow> Members, NameNumbers Numbers, int Rows) snapshot;
        lock (leaderboardRows)
        {
            changes = benchmarkChanges;
            if (leaderboards.TryGetValue(leaderboardVersion, out var built) && built.Changes == changes) return built.Statistics;
            snapshot = leaderboardRows.TryGetValue(leaderboardVersion, out var rows) ? rows.Snapshot() : ([], new NameNumbers([], [], 0), 0);
        }
        var population = LeaderboardPopulation.OfMembers(snapshot.Members, snapshot.Numbers, snapshot.Rows, namesBases: leaderboardVersion == "v2");
        var statistics = new LeaderboardStatistics(population, maxPoints);
        leaderboards[leaderboardVersion] = (changes, statistics);
        return statistics;
    }

    /// <summary>Scores per model for one leaderboard version: the normalised value where the leaderboard gives one, else the raw.</summary>
    public IReadOnlyList<ModelBenchmarks> BenchmarkScores(string leaderboardVersion) =>
        benchmarks.Values
            .SelectMany(results => results.Values)
            .Where(b => b.LeaderboardVersion == leaderboardVersion)
            .GroupBy(b => b.ModelId)
            .Select(g => g.OrderByDescending(b => b.EvaluatedAt).First())
            .Select(b => new ModelBenchmarks(b.ModelId, b.Scores.ToDictionary(s => s.Benchmark, s => s.NormalisedValue ?? s.RawValue), b.Average))
            .ToList();

    /// <summary>A model's latest leaderboard scores: v2 where it has them, else v1; null when it has none.</summary>
    public ModelBenchmarks? ScoresOf(string modelId) =>
        !benchmarks.TryGetValue(modelId, out var results) ? null : results.Values
            .OrderByDescending(b => b.LeaderboardVersion, StringComparer.Ordinal)
            .ThenByDescending(b => b.EvaluatedAt)
            .Select(b => new ModelBenchmarks(b.ModelId, b.Scores.ToDictionary(s => s.Benchmark, s => s.NormalisedValue ?? s.RawValue), b.Average))
            .FirstOrDefault();

    /// <summary>The scores of the nearest ancestor that has any (fewest steps up over every path, ties to the smaller id).</summary>
    public ModelBenchmarks? NearestScoredAncestor(string modelId) =>
        Graph.NearestAncestor(modelId, benchmarks.ContainsKey) is { } ancestor ? ScoresOf(ancestor) : null;
}
