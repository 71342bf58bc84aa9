namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>Per size bucket: mean of the fine-tuned and chat rows minus mean of the pretrained rows; null where a group is empty.</summary>
public sealed record GroupDeltaSeries(string Benchmark, double?[] GroupMeanDelta, int[] DerivedRows, int[] PretrainedRows);

/// <summary>
/// Seed 000's gain by size over a leaderboard population (<see cref="GroupMeanDelta"/>, per bucket, with the count of each
/// group), and where the table names bases, the pairwise deltas of <see cref="BenchmarkDeltaTable"/> under the same names
/// (<see cref="Pairs"/>, <see cref="MeanAverageDelta"/>, <see cref="Benchmarks"/>; null otherwise).
/// </summary>
public sealed record LeaderboardDeltaTable(
    string[] SizeBuckets,
    int[] DerivedRows,
    int[] PretrainedRows,
    double?[] GroupMeanDelta,
    IReadOnlyList<GroupDeltaSeries> GroupBenchmarks,
    int[]? Pairs,
    double?[]? MeanAverageDelta,
    IReadOnlyList<BenchmarkDeltaSeries>? Benchmarks);

public sealed partial class LeaderboardStatistics
{
    /// <summary>
    /// Members in scope and range are bucketed by their own parameter column. The derived group is the fine-tuned (🔶)
    /// and chat (💬) members, the base group the pretrained (🟢) ones; merges, continuously pretrained and unknown types
    /// are in neither. A pair is a member and the member it names as base, bucketed by the member's size, else the base's.
    /// </summary>
    public LeaderboardDeltaTable? BenchmarkDeltas(StatisticsFilter filter)
    {
        if (Scope(filter) is not { } scope) return null;
        var kept = scope.Where(i => InRange(i, filter)).ToList();
        var (derived, pretrained, gain) = Gain(kept, i => population.Average[i]);
        var benchmarks = kept.SelectMany(i => population.Scores[i].Keys).Distinct().Order(StringComparer.Ordinal).Select(name =>
        {
            var (d, p, g) = Gain(kept, i => population.Scores[i].TryGetValue(name, out var v) ? v : null);
            return new GroupDeltaSeries(name, g, d, p);
        }).ToList();
        var pairs = population.NamesBases ? EcosystemStatistics.Tabulate(Pairs(kept)) : null;
        return new LeaderboardDeltaTable(ParameterSizeBuckets.Labels.ToArray(), derived, pretrained, gain, benchmarks,
            pairs?.Pairs, pairs?.MeanAverageDelta, pairs?.Benchmarks);
    }

    private (int[] Derived, int[] Pretrained, double?[] Gain) Gain(List<int> members, Func<int, double?> value)
    {
        var buckets = ParameterSizeBuckets.Labels.Length;
        var (derived, pretrained) = (new int[buckets], new int[buckets]);
        var (derivedSum, pretrainedSum) = (new double[buckets], new double[buckets]);
        foreach (var i in members)
        {
            if (value(i) is not { } v) continue;
            var bucket = population.SizeBucket(i);
            switch (population.Kinds[i])
            {
                case LeaderboardKind.FineTuned or LeaderboardKind.Chat:
                    derived[bucket]++;
                    derivedSum[bucket] += v;
                    break;
                case LeaderboardKind.Pretrained:
                    pretrained[bucket]++;
                    pretrainedSum[bucket] += v;
                    break;
            }
        }
        var gain = new double?[buckets];
        for (var b = 0; b < buckets; b++)
            if (derived[b] > 0 && pretrained[b] > 0) gain[b] = derivedSum[b] / derived[b] - pretrainedSum[b] / pretrained[b];
        return (derived, pretrained, gain);
    }

    private List<BenchmarkPair> Pairs(List<int> members)
    {
        var pairs = new List<BenchmarkPair>();
        foreach (var i in members)
        {
            if (population.BaseOf[i] is not (var j and >= 0)) continue;
            var (mine, theirs) = (population.Scores[i], population.Scores[j]);
            var deltas = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var (benchmark, score) in mine)
                if (theirs.TryGetValue(benchmark, out var baseScore)) deltas[benchmark] = score - baseScore;
            var bucket = population.Parameters[i] > 0 ? population.SizeBucket(i) : population.SizeBucket(j);
            pairs.Add(new BenchmarkPair(population.Ids[i], population.Ids[j], ParameterSizeBuckets.Labels[bucket], deltas,
                population.Average[i] - population.Average[j]));
        }
        return pairs;
    }
}
