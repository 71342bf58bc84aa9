namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>A model's leaderboard scores: benchmark name → score (percent), and the leaderboard's average.</summary>
public sealed record ModelBenchmarks(string ModelId, IReadOnlyDictionary<string, double> Scores, double? Average);

/// <summary>Mean score difference (derivative − base) per size bucket for one benchmark; null where no pair had it.</summary>
public sealed record BenchmarkDeltaSeries(string Benchmark, double?[] MeanDelta, int[] Pairs);

/// <summary>Benchmark deltas of derivatives over their bases, by parameter-size bucket of the derivative.</summary>
public sealed record BenchmarkDeltaTable(
    string[] SizeBuckets,
    int[] Pairs,
    double?[] MeanAverageDelta,
    IReadOnlyList<BenchmarkDeltaSeries> Benchmarks);

/// <summary>One compared pair, for a caller that wants the rows behind the table.</summary>
public sealed record BenchmarkPair(string ModelId, string BaseId, string SizeBucket, IReadOnlyDictionary<string, double> Deltas, double? AverageDelta);

public static class ParameterSizeBuckets
{
    public static readonly string[] Labels = ["<3B", "3-8B", "8-15B", "15-35B", "35-80B", ">80B", "unknown"];
    private static readonly long[] UpperBounds = [3_000_000_000, 8_000_000_000, 15_000_000_000, 35_000_000_000, 80_000_000_000];

    /// <summary>Index into <see cref="Labels"/>; a bound belongs to the bucket above it (3B is "3-8B").</summary>
    public static int Of(long? parameters)
    {
        if (parameters is not > 0) return Labels.Length - 1;
        for (var i = 0; i < UpperBounds.Length; i++)
            if (parameters < UpperBounds[i]) return i;
        return UpperBounds.Length;
    }
}
