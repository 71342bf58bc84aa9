using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Apis;

/// <summary>
/// Body of <c>POST /what-if</c>: a known <c>ModelId</c>, or a raw <c>Config</c> with its <c>ModelType</c> (and a
/// <c>ParameterCount</c> when the config cannot give one). Unset fields take the service's defaults.
/// </summary>
public sealed record WhatIfRequest
{
    public string? ModelId { get; init; }
    public ModelConfigSummary? Config { get; init; }
    public string? ModelType { get; init; }
    public long? ParameterCount { get; init; }
    /// <summary>Weights precision: fp32, bf16 (default), fp16, fp8, int8, int4.</summary>
    public string? Precision { get; init; }
    public string? KvCachePrecision { get; init; }
    public int? ContextTokens { get; init; }
    public int? BatchSize { get; init; }
    public double? OverheadFraction { get; init; }
    public string? GpuId { get; init; }
    public string? RegionId { get; init; }
    public decimal? GpuHourPriceUsd { get; init; }
    public decimal? SecondsPerRequest { get; init; }
    public decimal? TokensPerSecond { get; init; }
    public RequestProfile? Request { get; init; }
    public string? ApiPriceId { get; init; }
    /// <summary>Tensor-parallel degree of the deployment plan; with <c>PipelineParallel</c> unset, no pipeline.</summary>
    public int? TensorParallel { get; init; }
    /// <summary>Pipeline-parallel stages of the deployment plan; with <c>TensorParallel</c> unset, 1.</summary>
    public int? PipelineParallel { get; init; }
    /// <summary>Fraction of the year at full board power, 0 to 1; default 1 (seed 001: full TDP all year).</summary>
    public decimal? EnergyUtilisation { get; init; }

    /// <exception cref="AccessCalculationException">A precision is not one of the known names.</exception>
    public static Precision ParsePrecision(string? value, string field) =>
        value is null ? Domain.Precision.Bf16
        : TryParsePrecision(value) ?? throw new AccessCalculationException($"{field} '{value}' is not a precision. Known: {KnownPrecisions}.");

    /// <summary>One precision by its name, any case; not a number, nor a comma list of names (which <c>Enum.TryParse</c> would take).</summary>
    public static Precision? TryParsePrecision(string value) =>
        Enum.GetValues<Precision>().Where(p => string.Equals(p.ToString(), value, StringComparison.OrdinalIgnoreCase)).Select(p => (Precision?)p).FirstOrDefault();

    public static string KnownPrecisions => string.Join(", ", Enum.GetNames<Precision>().Select(n => n.ToLowerInvariant()));
}
