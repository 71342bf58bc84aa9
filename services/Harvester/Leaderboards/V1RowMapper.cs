using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;

namespace OpenAccess.Harvester.Leaderboards;

/// <summary>
/// Rows of v1 tables: the final archived table (<c>t, model, average, arc, …, gsm8k, …, fullname</c>) and the
/// dated 2023 snapshots (<c>Model, Average, ARC (25-shot), HellaSwag (10-shot), MMLU (5-shot), TruthfulQA (0-shot), …, URL</c>,
/// four benchmarks). Values are percentages; v1 does not normalise. Pure.
/// </summary>
public static class V1RowMapper
{
    static readonly (string Benchmark, string Metric, string[] Columns)[] Final =
    [
        ("ARC", "acc_norm", ["arc"]), ("HellaSwag", "acc_norm", ["hellaswag"]), ("MMLU", "acc", ["mmlu"]),
        ("TruthfulQA", "mc2", ["truthfulqa"]), ("Winogrande", "acc", ["winogrande"]), ("GSM8K", "acc", ["gsm8k"]),
    ];

    static readonly (string Benchmark, string Metric, string[] Columns)[] Dated =
    [
        ("ARC", "acc_norm", ["ARC (25-shot)", "ARC(25-shot)"]), ("HellaSwag", "acc_norm", ["HellaSwag (10-shot)", "HellaSwag(10-shot)"]),
        ("MMLU", "acc", ["MMLU (5-shot)", "MMLU(5-shot)"]), ("TruthfulQA", "mc2", ["TruthfulQA (0-shot)", "TruthfulQA(0-shot)"]),
    ];

    public static BenchmarkRecord MapFinal(CsvRow row) =>
        Map(row["fullname"] ?? row["model"], row, Final, row.Number("average"), new BenchmarkUpdated
        {
            ModelId = "", Leaderboard = LeaderboardNames.OpenLlm, LeaderboardVersion = "v1",
            Revision = row["model_sha"], Precision = row["precision"], ModelTypeLabel = row["type"], EvaluatedAt = LeaderboardNames.Date(row["date"]),
            Architecture = LeaderboardNames.Architecture(row["architecture"]), ParametersInBillions = LeaderboardNames.Parameters(row.Number("params_b")),
            License = LeaderboardNames.License(row["hub_license"]),
        });

    /// <summary>A dated snapshot row; <paramref name="takenAt"/> is the snapshot's date (from its file name), when known.</summary>
    public static BenchmarkRecord MapDated(CsvRow row, DateTimeOffset? takenAt) =>
        Map(IdFromUrl(row["URL"]) ?? row["Model"], row, Dated, row.Number("Average"), new BenchmarkUpdated
        {
            ModelId = "", Leaderboard = LeaderboardNames.OpenLlm, LeaderboardVersion = "v1", EvaluatedAt = takenAt,
        });

    static BenchmarkRecord Map(string? id, CsvRow row, (string Benchmark, string Metric, string[] Columns)[] benchmarks, double? average, BenchmarkUpdated template)
    {
        if (id is null) return BenchmarkRecord.Fail(null, "missing model id");
        if (!ModelIds.IsValid(id)) return BenchmarkRecord.Fail(id, $"'{id}' is not a Hub model id");
        var scores = new List<BenchmarkScore>();
        foreach (var (benchmark, metric, columns) in benchmarks)
        {
            if (row.Number(columns) is not { } value) return BenchmarkRecord.Fail(id, $"missing {benchmark} score");
            if (value is < 0 or > 100) return BenchmarkRecord.Fail(id, $"absurd number: {benchmark} = {value}");
            scores.Add(new BenchmarkScore(benchmark, metric, value, null));
        }

        if (average is < 0 or > 100) return BenchmarkRecord.Fail(id, $"absurd number: average {average}");
        return BenchmarkRecord.Ok(template with { ModelId = id, Scores = scores, Average = average });
    }

    static string? IdFromUrl(string? url)
    {
        const string prefix = "https://huggingface.co/";
        return url is not null && url.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? url[prefix.Length..].TrimEnd('/') : null;
    }
}
