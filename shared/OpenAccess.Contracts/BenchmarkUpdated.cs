namespace OpenAccess.Contracts;

/// <summary>
/// A model's results on an Open LLM Leaderboard were published or changed. One event per model,
/// revision, leaderboard version and precision. Published by the Harvester.
/// </summary>
public sealed record BenchmarkUpdated
{
    /// <summary>Hub id of the evaluated model.</summary>
    public required string ModelId { get; init; }

    /// <summary>Git sha of the evaluated revision; null when the leaderboard did not record it.</summary>
    public string? Revision { get; init; }

    /// <summary>Leaderboard name, e.g. <c>open-llm-leaderboard</c>.</summary>
    public required string Leaderboard { get; init; }

    /// <summary>Leaderboard version: <c>v1</c> (ARC, HellaSwag, MMLU, TruthfulQA, Winogrande, GSM8K) or <c>v2</c> (IFEval, BBH, MATH Lvl 5, GPQA, MuSR, MMLU-PRO).</summary>
    public required string LeaderboardVersion { get; init; }

    /// <summary>One entry per benchmark.</summary>
    public IReadOnlyList<BenchmarkScore> Scores { get; init; } = [];

    /// <summary>The leaderboard's own average over its benchmarks, in percent (0–100); null when not given.</summary>
    public double? Average { get; init; }

    /// <summary>When the evaluation ran or was submitted (UTC); null when unknown.</summary>
    public DateTimeOffset? EvaluatedAt { get; init; }

    /// <summary>Precision the model was evaluated in (e.g. <c>bfloat16</c>, <c>float16</c>, <c>4bit</c>).</summary>
    public string? Precision { get; init; }

    /// <summary>The leaderboard's model-type label as written (e.g. <c>🔶 fine-tuned on domain-specific datasets</c>, <c>💬 chat models</c>).</summary>
    public string? ModelTypeLabel { get; init; }

    /// <summary>
    /// The harvest run (<c>GET /api/harvest/runs/{id}</c>) that published this event; null for an event not published by a
    /// run. Consumers count what they stored of each run and report it as <see cref="HarvestRunProgress"/>. Not part of
    /// what the message id is derived from.
    /// </summary>
    public string? HarvestRunId { get; init; }

    /// <summary>The leaderboard's architecture column as written (e.g. <c>LlamaForCausalLM</c>); null when empty, <c>?</c> or <c>Unknown</c>.</summary>
    public string? Architecture { get; init; }

    /// <summary>The leaderboard's parameter column, in billions (e.g. 7.242); null when empty, <c>?</c>, not a number or not positive.</summary>
    public double? ParametersInBillions { get; init; }

    /// <summary>
    /// The base model the leaderboard names (v2's <c>Base Model</c>), less its <c> (Merge)</c> suffix; null when the table has
    /// no such column or writes none or <c>Removed</c>. It may be the model itself: the table names no other base then.
    /// </summary>
    public string? BaseModel { get; init; }

    /// <summary>The licence the leaderboard recorded for the model's repository (v2's <c>Hub License</c>, v1's <c>hub_license</c>); null when empty or <c>?</c>.</summary>
    public string? License { get; init; }
}

/// <summary>One benchmark result.</summary>
/// <param name="Benchmark">Benchmark name as the leaderboard names it (e.g. <c>ARC</c>, <c>MMLU-PRO</c>).</param>
/// <param name="Metric">Metric the value measures (e.g. <c>acc_norm</c>, <c>mc2</c>, <c>exact_match</c>).</param>
/// <param name="RawValue">Score as the harness reports it, in percent (0–100).</param>
/// <param name="NormalisedValue">Score rescaled so random guessing is 0 and perfect is 100 (v2); null where the leaderboard does not normalise (v1).</param>
public sealed record BenchmarkScore(string Benchmark, string Metric, double RawValue, double? NormalisedValue);
