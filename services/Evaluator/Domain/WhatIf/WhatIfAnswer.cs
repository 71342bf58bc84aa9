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
