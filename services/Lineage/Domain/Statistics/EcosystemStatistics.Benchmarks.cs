namespace OpenAccess.Lineage.Domain.Statistics;

public sealed partial class EcosystemStatistics
{
    /// <summary>
    /// For each derivative in scope with scores, the nearest ancestor with scores is its base (the
    /// parent when it has scores, else further up; ties at one distance go to the smaller id). The
    /// pair's deltas are derivative − base per benchmark both have, and of the averages. Pairs are
    /// bucketed by the derivative's parameter count, else the base's.
    /// </summary>
    public BenchmarkDeltaTable? BenchmarkDeltas(IEnumerable<ModelBenchmarks> scores, StatisticsFilter filter) =>
        Pairs(scores, filter) is { } pairs ? Tabulate(pairs) : null;

    public IReadOnlyList<BenchmarkPair>? Pairs(IEnumerable<ModelBenchmarks> scores, StatisticsFilter filter) => graph.Read(() =>
    {
        using var scope = ModelScope.Of(graph, filter);
        if (scope is null) return null;
        var scored = new Dictionary<int, ModelBenchmarks>();
        foreach (var entry in scores)
            if (graph.Find(entry.ModelId) is var node and >= 0) scored[node] = entry;

        var pairs = new List<BenchmarkPair>();
        foreach (var node in scope.Nodes)
        {
            if (!scored.TryGetValue(node, out var mine) || !graph.HasParents(node) || !InRange(node, filter)) continue;
            if (NearestScoredAncestor(node, scored) is not var (baseNode, theirs)) continue;
            var deltas = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var (benchmark, score) in mine.Scores)
                if (theirs.Scores.TryGetValue(benchmark, out var baseScore)) deltas[benchmark] = score - baseScore;
            var average = mine.Average - theirs.Average;
            var parameters = graph.Parameters[node] > 0 ? graph.Parameters[node] : graph.Parameters[baseNode];
            pairs.Add(new BenchmarkPair(graph.Ids[node], graph.Ids[baseNode],
                ParameterSizeBuckets.Labels[ParameterSizeBuckets.Of(parameters)], deltas, average));
        }
        return (IReadOnlyList<BenchmarkPair>)pairs.OrderBy(p => p.ModelId, StringComparer.Ordinal).ToList();
    });

    private (int Node, ModelBenchmarks Scores)? NearestScoredAncestor(int node, Dictionary<int, ModelBenchmarks> scored)
    {
        var seen = new HashSet<int> { node };
        var level = new List<int> { node };
        while (level.Count > 0)
        {
            var next = new List<int>();
            foreach (var child in level)
                foreach (var link in graph.ParentLinks[child] ?? [])
                    if (seen.Add(LineageGraph.NodeOf(link))) next.Add(LineageGraph.NodeOf(link));
            var found = next.Where(scored.ContainsKey).OrderBy(n => graph.Ids[n], StringComparer.Ordinal).ToList();
            if (found.Count > 0) return (found[0], scored[found[0]]);
            level = next;
        }
        return null;
    }

    private static BenchmarkDeltaTable Tabulate(IReadOnlyList<BenchmarkPair> pairs)
    {
        var buckets = ParameterSizeBuckets.Labels.Length;
        var bucketOf = pairs.Select(p => Array.IndexOf(ParameterSizeBuckets.Labels, p.SizeBucket)).ToArray();
        var counts = new int[buckets];
        foreach (var b in bucketOf) counts[b]++;

        double?[] Mean(Func<BenchmarkPair, double?> value, int[] n)
        {
            var sums = new double[buckets];
            for (var i = 0; i < pairs.Count; i++)
                if (value(pairs[i]) is { } v) { sums[bucketOf[i]] += v; n[bucketOf[i]]++; }
            return sums.Select((s, b) => n[b] == 0 ? (double?)null : s / n[b]).ToArray();
        }

        var benchmarks = pairs.SelectMany(p => p.Deltas.Keys).Distinct().Order(StringComparer.Ordinal).Select(name =>
        {
            var n = new int[buckets];
            var mean = Mean(p => p.Deltas.TryGetValue(name, out var d) ? d : null, n);
            return new BenchmarkDeltaSeries(name, mean, n);
        }).ToList();
        return new BenchmarkDeltaTable(ParameterSizeBuckets.Labels.ToArray(), counts, Mean(p => p.AverageDelta, new int[buckets]), benchmarks);
    }
}
