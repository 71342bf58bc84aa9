using System.Globalization;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;

namespace OpenAccess.Harvester.Leaderboards;

/// <summary>A row of the v2 <c>open-llm-leaderboard/contents</c> table, with the leaderboard's own column names. Pure.</summary>
public static class V2RowMapper
{
    /// <summary>Benchmark, its raw and normalised columns, the metric, and the random baseline when one number gives it.</summary>
    static readonly (string Benchmark, string Raw, string Normalised, string Metric, double? Baseline)[] Benchmarks =
    [
        ("IFEval", "IFEval Raw", "IFEval", "strict_acc", 0),
        ("BBH", "BBH Raw", "BBH", "acc_norm", null),
        ("MATH Lvl 5", "MATH Lvl 5 Raw", "MATH Lvl 5", "exact_match", 0),
        ("GPQA", "GPQA Raw", "GPQA", "acc_norm", V2Normalisation.GpqaBaseline),
        ("MUSR", "MUSR Raw", "MUSR", "acc_norm", null),
        ("MMLU-PRO", "MMLU-PRO Raw", "MMLU-PRO", "acc", V2Normalisation.MmluProBaseline),
    ];

    public static BenchmarkRecord Map(CsvRow row)
    {
        var id = row["fullname"];
        if (id is null) return BenchmarkRecord.Fail(null, "missing 'fullname'");
        if (!ModelIds.IsValid(id)) return BenchmarkRecord.Fail(id, $"'{id}' is not a Hub model id");

        var scores = new List<BenchmarkScore>();
        foreach (var (benchmark, rawColumn, normalisedColumn, metric, baseline) in Benchmarks)
        {
            var raw = row.Number(rawColumn);
            var normalised = row.Number(normalisedColumn) ?? (raw is { } r && baseline is { } b ? V2Normalisation.Normalise(r, b) : null);
            if (raw is null || normalised is null) return BenchmarkRecord.Fail(id, $"missing '{rawColumn}' or '{normalisedColumn}'");
            if (raw is < 0 or > 1 || normalised is < 0 or > 100) return BenchmarkRecord.Fail(id, $"absurd number: {benchmark} raw {raw}, normalised {normalised}");
            scores.Add(new BenchmarkScore(benchmark, metric, raw.Value * 100, normalised));
        }

        var average = row.Number("Average ⬆️");
        if (average is < 0 or > 100) return BenchmarkRecord.Fail(id, $"absurd number: average {average}");
        return BenchmarkRecord.Ok(new BenchmarkUpdated
        {
            ModelId = id,
            Revision = row["Model sha"],
            Leaderboard = LeaderboardNames.OpenLlm,
            LeaderboardVersion = "v2",
            Scores = scores,
            Average = average,
            EvaluatedAt = LeaderboardNames.Date(row["Submission Date"]),
            Precision = row["Precision"],
            ModelTypeLabel = row["Type"],
            Architecture = LeaderboardNames.Architecture(row["Architecture"]),
            ParametersInBillions = LeaderboardNames.Parameters(row.Number("#Params (B)")),
            BaseModel = LeaderboardNames.BaseModel(row["Base Model"]),
            License = LeaderboardNames.License(row["Hub License"]),
        });
    }
}

public static class LeaderboardNames
{
    public const string OpenLlm = "open-llm-leaderboard";

    public static DateTimeOffset? Date(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>The architecture column; "?" and "Unknown" (v1 writes it for adapters and deleted repositories) say nothing.</summary>
    public static string? Architecture(string? text) =>
        text is null or "?" || text.Equals("unknown", StringComparison.OrdinalIgnoreCase) ? null : text;

    /// <summary>The licence column; "?" and "unknown" say nothing.</summary>
    public static string? License(string? text) =>
        string.IsNullOrWhiteSpace(text) || text.Trim() is "?" || text.Trim().Equals("unknown", StringComparison.OrdinalIgnoreCase) ? null : text.Trim();

    /// <summary>A parameter count in billions; 0 and negative values (a failed count) say nothing.</summary>
    public static double? Parameters(double? billions) => billions is > 0 ? billions : null;

    /// <summary>v2's <c>Base Model</c>: merges are written "X (Merge)", a deleted base "Removed".</summary>
    public static string? BaseModel(string? text)
    {
        const string merge = " (Merge)";
        if (text is null or "Removed") return null;
        var id = text.EndsWith(merge, StringComparison.Ordinal) ? text[..^merge.Length].Trim() : text;
        return ModelIds.IsValid(id) ? id : null;
    }
}
