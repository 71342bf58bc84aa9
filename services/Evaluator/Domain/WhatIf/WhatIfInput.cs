namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// One deployment to size and cost. <c>SecondsPerRequest</c> (latency, with <c>BatchSize</c> requests served at once) or
/// <c>TokensPerSecond</c> (input and output tokens the whole deployment sustains), with <c>GpuHourPriceUsd</c>, cost
/// self-hosting; <c>ApiPriceId</c> adds the API's price for the same <c>Request</c> and the break-even between them.
/// </summary>
public sealed record WhatIfInput
{
    public required AccessProfileInput Model { get; init; }
    /// <summary>A parameter count the caller knows; wins over safetensors, config and name.</summary>
    public long? ParameterCount { get; init; }
    public Precision Precision { get; init; } = Precision.Bf16;
    public Precision KvCachePrecision { get; init; } = Precision.Bf16;
    /// <summary>Null means the model's own maximum context, as in the profile.</summary>
    public int? ContextTokens { get; init; }
    public int BatchSize { get; init; } = 1;
    public double OverheadFraction { get; init; } = InferenceMemoryCalculator.DefaultOverheadFraction;
    public required string GpuId { get; init; }
    public required string RegionId { get; init; }
    public decimal? GpuHourPriceUsd { get; init; }
    public decimal? SecondsPerRequest { get; init; }
    public decimal? TokensPerSecond { get; init; }
    public RequestProfile? Request { get; init; }
    public string? ApiPriceId { get; init; }
    /// <summary>A deployment plan; when both are null the default plan applies (<see cref="DeploymentPlanner.Default"/>), when one is null it is 1.</summary>
    public int? TensorParallel { get; init; }
    public int? PipelineParallel { get; init; }
    /// <summary>Fraction of the year the GPUs draw their full board power; 1 is seed 001's assumption.</summary>
    public decimal EnergyUtilisation { get; init; } = 1m;
    /// <summary>A config the caller typed is refused for any implausible number; a stored model's takes it as unknown, as its profile does.</summary>
    public bool RefuseImplausibleConfig { get; init; }
}
