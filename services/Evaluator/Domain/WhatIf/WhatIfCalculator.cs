namespace OpenAccess.Evaluator.Domain;

/// <summary>Sizes and costs one deployment of one model in one precision; every bad input is an <see cref="AccessCalculationException"/>.</summary>
public sealed class WhatIfCalculator(GpuCatalogue gpus, EnergyPriceCatalogue energyPrices, ApiPriceCatalogue apiPrices, InputLimits? limits = null)
{
    private readonly InputLimits limits = limits ?? InputLimits.Default;

    public WhatIfAnswer Calculate(WhatIfInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        WhatIfRanges.Check(input, limits);
        var gpu = gpus.Get(input.GpuId);
        var region = energyPrices.Get(input.RegionId);
        var api = input.ApiPriceId is null ? null : apiPrices.Get(input.ApiPriceId);
        CheckCostInputs(input, api);

        var notes = new List<string>();
        var mapping = input.Model.Config is null ? null : ModelShapeMapper.Map(input.Model.Config, input.Model.ModelType, limits);
        if (input.RefuseImplausibleConfig && mapping is { Problems.Count: > 0 })
            throw new AccessCalculationException(string.Join(" ", mapping.Problems));
        var shape = mapping?.Shape;
        // A stored model's config is taken as its profile takes it: what cannot be used is a note.
        if (shape is null) notes.Add("No usable config: the KV cache is left out and the GPU count is not split by attention heads.");
        notes.AddRange(mapping?.Problems.Select(p => $"Taken as unknown: {p}") ?? []);
        var parameters = AccessProfileCalculator.ExpertNotes(Parameters(input, mapping, notes), mapping?.ExpertsContradiction, notes)!;

        var cache = shape is null ? null
            : KvCacheCalculator.Estimate(shape, input.ContextTokens ?? AccessProfileOptions.DefaultContextTokens(shape), input.BatchSize, input.KvCachePrecision);
        if (cache is { ExceedsModelContext: true }) notes.Add($"{cache.ContextTokens:N0} tokens is more than the model's context of {shape!.MaxPositionEmbeddings:N0}.");
        var memory = InferenceMemoryCalculator.Calculate(
            WeightsMemoryCalculator.Calculate(parameters.Total, input.Precision), cache?.Total ?? ByteSize.Zero, input.OverheadFraction);
        var requirement = GpuCountCalculator.Calculate(memory.Total, gpu, shape?.AttentionHeads);
        var plan = input.TensorParallel is null && input.PipelineParallel is null
            ? DeploymentPlanner.Default(memory, shape, gpu, requirement)
            : DeploymentPlanner.Check(input.TensorParallel ?? 1, input.PipelineParallel ?? 1, memory, shape, gpu, limits.MaxDeploymentGpus);
        if (plan.Plan.Source == PlanSource.Given && shape is null)
            notes.Add("No usable config: the plan's split of heads and layers is not checked, and memory is spread evenly over its GPUs.");
        var count = plan.Plan.GpuCount;

        var selfHosted = SelfHosted(input, count);
        var apiCost = api is null ? null : new ApiWhatIf(api, input.Request!, api.CostPerRequest(input.Request!));
        var breakEven = selfHosted is not null && apiCost is { CostPerRequest: > 0 }
            ? BreakEvenCalculator.Calculate(selfHosted.Cost, apiCost.CostPerRequest)
            : null;

        return new WhatIfAnswer(
            input.Model.ModelId, parameters, shape, input.Precision, cache, memory, gpu, requirement, count,
            HardwareCostCalculator.Capex(gpu, count),
            new RegionalEnergyCost(region.Id, region.PricePerKwhUsd, EnergyCostCalculator.Annual(count, gpu, region, input.EnergyUtilisation)),
            selfHosted, apiCost, breakEven, notes)
        {
            Plan = plan,
            ShapeOf = shape is null ? null : input.Model.ShapeOf,
            ShapeGap = shape is null ? input.Model.ShapeGap : null,
        };
    }

    private ParameterCount Parameters(WhatIfInput input, ShapeMapping? mapping, List<string> notes)
    {
        var shape = mapping is { ParametersComputable: true } ? mapping.Shape : null;
        if (input.ParameterCount is { } given)
            return ParameterCounter.Resolve(given, shape, null, limits, notes)! with { Source = ParameterCountSource.Given };
        var passedOver = new List<string>();
        if (ParameterCounter.Resolve(input.Model.SafetensorsParameters, shape, input.Model.ModelId, limits, passedOver) is { } resolved)
        {
            notes.AddRange(passedOver);
            return resolved;
        }
        throw new AccessCalculationException(
            $"The parameter count of '{input.Model.ModelId}' is unknown (no usable safetensors count, config or size in the name{(passedOver.Count > 0 ? ": " + string.Join(" ", passedOver) : "")}); give parameterCount.");
    }

    private static void CheckCostInputs(WhatIfInput input, ApiPrice? api)
    {
        var timed = input.SecondsPerRequest is not null || input.TokensPerSecond is not null;
        if (input.SecondsPerRequest is not null && input.TokensPerSecond is not null)
            throw new AccessCalculationException("Give either secondsPerRequest (latency) or tokensPerSecond (throughput), not both.");
        if (input.GpuHourPriceUsd is not null && !timed)
            throw new AccessCalculationException("A GPU-hour price needs secondsPerRequest (latency) or tokensPerSecond (throughput) to cost a request; neither was given.");
        if (timed && input.GpuHourPriceUsd is null)
            throw new AccessCalculationException("A latency or throughput needs gpuHourPriceUsd to cost a request.");
        if (input.TokensPerSecond is <= 0) throw new AccessCalculationException($"Throughput is {input.TokensPerSecond} tokens/s; it must be positive.");
        if ((timed || api is not null) && input.Request is null)
            throw new AccessCalculationException("Costs per request need a request profile: request.inputTokens and request.outputTokens.");
    }

    private static SelfHostedWhatIf? SelfHosted(WhatIfInput input, int gpuCount)
    {
        if (input.GpuHourPriceUsd is not { } price) return null;
        var request = input.Request!;
        // A throughput already counts every request in flight, so a request takes its tokens' share of a second, one at a time.
        var (seconds, concurrent) = input.SecondsPerRequest is { } latency
            ? (latency, input.BatchSize)
            : (request.TotalTokens / input.TokensPerSecond!.Value, 1);
        var cost = SelfHostingCostCalculator.FromLatency(gpuCount, price, request, seconds, concurrent);
        return new SelfHostedWhatIf(gpuCount, price, seconds, input.TokensPerSecond, concurrent, request, cost);
    }
}
