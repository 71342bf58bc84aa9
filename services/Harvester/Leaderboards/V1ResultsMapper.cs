using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;

namespace OpenAccess.Harvester.Leaderboards;

/// <summary>
/// A v1 per-model <c>results_*.json</c> (lighteval harness): ARC acc_norm, HellaSwag acc_norm, MMLU = mean acc of the
/// <c>hendrycksTest-*</c> subjects, TruthfulQA mc2, Winogrande acc, GSM8K acc. The v1 average is their mean, in percent,
/// and is given only when all six are there. Pure.
/// </summary>
public static class V1ResultsMapper
{
    public static BenchmarkRecord Map(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || HubModelMapper.Obj(root, "results") is not { } results)
        {
            return BenchmarkRecord.Fail(null, "no 'results' object");
        }

        var general = HubModelMapper.Obj(root, "config_general");
        var id = general is { } g ? HubModelMapper.Str(g, "model_name") : null;
        if (id is null) return BenchmarkRecord.Fail(null, "missing config_general.model_name");
        if (!ModelIds.IsValid(id)) return BenchmarkRecord.Fail(id, $"'{id}' is not a Hub model id");

        var scores = new List<BenchmarkScore>();
        void Add(string benchmark, string metric, double? value)
        {
            if (value is { } v) scores.Add(new BenchmarkScore(benchmark, metric, v * 100, null));
        }

        Add("ARC", "acc_norm", Metric(results, "harness|arc:challenge|25", "acc_norm"));
        Add("HellaSwag", "acc_norm", Metric(results, "harness|hellaswag|10", "acc_norm"));
        var mmlu = results.EnumerateObject()
            .Where(p => p.Name.StartsWith("harness|hendrycksTest-", StringComparison.Ordinal) && p.Name.EndsWith("|5", StringComparison.Ordinal))
            .Select(p => Metric(results, p.Name, "acc")).OfType<double>().ToArray();
        Add("MMLU", "acc", mmlu.Length > 0 ? mmlu.Average() : null);
        Add("TruthfulQA", "mc2", Metric(results, "harness|truthfulqa:mc|0", "mc2"));
        Add("Winogrande", "acc", Metric(results, "harness|winogrande|5", "acc"));
        Add("GSM8K", "acc", Metric(results, "harness|gsm8k|5", "acc"));
        if (scores.Count == 0) return BenchmarkRecord.Fail(id, "no v1 benchmark in 'results'");

        return BenchmarkRecord.Ok(new BenchmarkUpdated
        {
            ModelId = id,
            Revision = general is { } g2 ? HubModelMapper.Str(g2, "model_sha") : null,
            Leaderboard = LeaderboardNames.OpenLlm,
            LeaderboardVersion = "v1",
            Scores = scores,
            Average = scores.Count == 6 ? scores.Average(s => s.RawValue) : null,
            Precision = general is { } g3 && HubModelMapper.Str(g3, "model_dtype") is { } dtype ? dtype.Replace("torch.", "", StringComparison.Ordinal) : null,
        });
    }

    static double? Metric(JsonElement results, string task, string metric) =>
        results.TryGetProperty(task, out var t) && t.ValueKind == JsonValueKind.Object && t.TryGetProperty(metric, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble()
            : null;
}
