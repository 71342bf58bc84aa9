namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Every figure of a what-if with the inputs it came from. <c>GpusUsed</c> is the plan's TP × PP (the default plan: the
/// tensor-parallel count, else the count by memory): what capex, energy and the self-hosted cost are charged for.
/// <c>MemoryPerGpu</c> is the fullest GPU's share under <c>Plan</c>. Cost sections are null when their inputs were not given.
/// </summary>
public sealed record WhatIfAnswer(
    string ModelId,
    ParameterCount Parameters,
    ModelShape? Shape,
    Precision Precision,
    KvCacheEstimate? KvCache,
    InferenceMemory Memory,
    Gpu Gpu,
    GpuRequirement Gpus,
    int GpusUsed,
    decimal? CapexUsd,
    RegionalEnergyCost EnergyPerYear,
    SelfHostedWhatIf? SelfHosted,
    ApiWhatIf? Api,
    BreakEven? BreakEven,
    IReadOnlyList<string> Notes)
{
    public PlannedDeployment? Plan { get; init; }
    /// <summary>The ancestor the shape is taken from ("shape of &lt;base&gt;"), when the model has no config of its own with layers and heads.</summary>
    public string? ShapeOf { get; init; }
    /// <summary>Why there is no shape (<c>no config.json harvested for &lt;root&gt;: &lt;reason&gt;</c>), when neither the model nor an ancestor has one.</summary>
    public string? ShapeGap { get; init; }
    public InferenceMemory? MemoryPerGpu => Plan?.PerGpu;
}

/// <summary>
/// The self-hosted cost and its inputs. <c>SecondsPerRequest</c> is the latency given, or the request's tokens ÷ the
/// throughput given; <c>ConcurrentRequests</c> is the batch for a latency and 1 for a throughput (it already counts them).
/// </summary>
public sealed record SelfHostedWhatIf(
    int GpuCount,
    decimal GpuHourPriceUsd,
    decimal SecondsPerRequest,
    decimal? TokensPerSecond,
    int ConcurrentRequests,
    RequestProfile Request,
    SelfHostingCost Cost);

/// <summary>The API's cost of the same request, with the price it came from.</summary>
public sealed record ApiWhatIf(ApiPrice Price, RequestProfile Request, decimal CostPerRequest);
