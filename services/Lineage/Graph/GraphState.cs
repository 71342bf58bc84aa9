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

    public LineageGraph Graph { get; }

    public EcosystemStatistics Statistics { get; }

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
        maxPoints = options.MaxSeriesPoints;
    }

    public Task Ready => ready.Task;

    public void MarkReady() => ready.TrySetResult();

    /// <summary>The graph takes one writer at a time; consumers run concurrently.</summary>
    public UpsertResult Upsert(LineageModel model)
    {
        lock (writer)
        {
            return Graph.Upsert(model);
        }
    }

    /// <summary>Keeps <paramref name="result"/> as the latest under <paramref name="key"/>.</summary>
    public void SetBenchmark(string key, BenchmarkUpdated result)
    {
        benchmarks.GetOrAdd(result.ModelId, _ => new ConcurrentDictionary<string, BenchmarkUpdated>(StringComparer.Ordinal))[key] = result;
        Interlocked.Increment(ref benchmarkChanges);
    }

    int benchmarkChanges;
    readonly ConcurrentDictionary<string, (int Changes, LeaderboardStatistics Statistics)> leaderboards = new(StringComparer.Ordinal);

    /// <summary>
    /// The statistics over one leaderboard version's rows (<see cref="LeaderboardPopulation"/>), rebuilt when a result
    /// arrived since the last build; between changes every route reads the same built population.
    /// </summary>
    public LeaderboardStatistics Leaderboard(string leaderboardVersion)
    {
        var changes = Volatile.Read(ref benchmarkChanges);
        if (leaderboards.TryGetValue(leaderboardVersion, out var built) && built.Changes == changes) return built.Statistics;
        var rows = benchmarks.Values.SelectMany(results => results.Values).Where(b => b.LeaderboardVersion == leaderboardVersion).Select(b => new LeaderboardRow(
            b.ModelId, b.ModelTypeLabel, b.Architecture, b.ParametersInBillions, b.EvaluatedAt, b.Average,
            b.Scores.Select(s => KeyValuePair.Create(s.Benchmark, s.NormalisedValue ?? s.RawValue)), b.BaseModel, b.Precision));
        var statistics = new LeaderboardStatistics(LeaderboardPopulation.Of(rows, namesBases: leaderboardVersion == "v2"), maxPoints);
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
