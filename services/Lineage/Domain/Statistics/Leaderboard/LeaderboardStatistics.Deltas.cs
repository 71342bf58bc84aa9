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
    private static int Buckets => ParameterSizeBuckets.Labels.Length;

    /// <summary>
    /// Members in scope and range are bucketed by their own parameter column. The derived group is the fine-tuned (🔶)
    /// and chat (💬) members, the base group the pretrained (🟢) ones; merges, continuously pretrained and unknown types
    /// are in neither. A pair is a member and the member it names as base, bucketed by the member's size, else the base's.
    /// </summary>
    public LeaderboardDeltaTable? BenchmarkDeltas(StatisticsFilter filter)
    {
        if (Scope(filter) is not { } scope) return null;
        var kept = scope.Where(i => InRange(i, filter)).ToList();
        var (derived, pretrained, gain) = Gain(kept, -1);
        var benchmarks = new List<GroupDeltaSeries>();
        foreach (var k in ByName())
            if (Gain(kept, k) is var (d, p, g) && (d.Sum() > 0 || p.Sum() > 0))
                benchmarks.Add(new GroupDeltaSeries(population.BenchmarkNames[k], g, d, p));
        if (!population.NamesBases) return new LeaderboardDeltaTable(ParameterSizeBuckets.Labels.ToArray(), derived, pretrained, gain, benchmarks, null, null, null);
        var (pairs, meanAverage, pairSeries) = PairDeltas(kept);
        return new LeaderboardDeltaTable(ParameterSizeBuckets.Labels.ToArray(), derived, pretrained, gain, benchmarks, pairs, meanAverage, pairSeries);
    }

    private IEnumerable<int> ByName() =>
        Enumerable.Range(0, population.BenchmarkNames.Length).OrderBy(k => population.BenchmarkNames[k], StringComparer.Ordinal);

    /// <summary>The average's gain (<paramref name="benchmark"/> −1) or one benchmark's.</summary>
    private (int[] Derived, int[] Pretrained, double?[] Gain) Gain(List<int> members, int benchmark)
    {
        var (derived, pretrained) = (new int[Buckets], new int[Buckets]);
        var (derivedSum, pretrainedSum) = (new double[Buckets], new double[Buckets]);
        foreach (var i in members)
        {
            var v = Value(i, benchmark);
            if (double.IsNaN(v)) continue;
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
        var gain = new double?[Buckets];
        for (var b = 0; b < Buckets; b++)
            if (derived[b] > 0 && pretrained[b] > 0) gain[b] = derivedSum[b] / derived[b] - pretrainedSum[b] / pretrained[b];
        return (derived, pretrained, gain);
    }

    private double Value(int i, int benchmark) =>
        benchmark < 0 ? population.Average[i] ?? double.NaN : population.Score[i * population.BenchmarkNames.Length + benchmark];

    /// <summary>As <see cref="EcosystemStatistics.BenchmarkDeltas"/> tabulates its pairs: means of member − base per bucket.</summary>
    private (int[] Pairs, double?[] MeanAverageDelta, List<BenchmarkDeltaSeries> Benchmarks) PairDeltas(List<int> members)
    {
        var names = population.BenchmarkNames.Length;
        var pairs = new int[Buckets];
        var sums = new double[names + 1, Buckets];
        var counts = new int[names + 1, Buckets];
        foreach (var i in members)
        {
            if (population.BaseOf[i] is not (var j and >= 0)) continue;
            var bucket = population.Parameters[i] > 0 ? population.SizeBucket(i) : population.SizeBucket(j);
            pairs[bucket]++;
            for (var k = -1; k < names; k++)
            {
                var delta = Value(i, k) - Value(j, k);
                if (double.IsNaN(delta)) continue;
                sums[k + 1, bucket] += delta;
                counts[k + 1, bucket]++;
            }
        }
        double?[] Mean(int row) => Enumerable.Range(0, Buckets).Select(b => counts[row, b] == 0 ? (double?)null : sums[row, b] / counts[row, b]).ToArray();
        var series = ByName().Where(k => Enumerable.Range(0, Buckets).Any(b => counts[k + 1, b] > 0))
            .Select(k => new BenchmarkDeltaSeries(population.BenchmarkNames[k], Mean(k + 1), Enumerable.Range(0, Buckets).Select(b => counts[k + 1, b]).ToArray()))
            .ToList();
        return (pairs, Mean(0), series);
    }
}
