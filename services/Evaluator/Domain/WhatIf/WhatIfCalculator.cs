namespace OpenAccess.Evaluator.Domain;

/// <summary>Sizes and costs one deployment of one model in one precision; every bad input is an <see cref="AccessCalculationException"/>.</summary>
public sealed class WhatIfCalculator(GpuCatalogue gpus, EnergyPriceCatalogue energyPrices, ApiPriceCatalogue apiPrices)
{
    public WhatIfAnswer Calculate(WhatIfInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ContextTokens is <= 0) throw new AccessCalculationException($"Context length is {input.ContextTokens} tokens; it must be at least 1.");
        if (input.BatchSize <= 0) throw new AccessCalculationException($"Batch size is {input.BatchSize}; it must be at least 1.");
        if (input.ParameterCount is <= 0) throw new AccessCalculationException($"Parameter count is {input.ParameterCount}; it must be positive.");
        var gpu = gpus.Get(input.GpuId);
        var region = energyPrices.Get(input.RegionId);
        var api = input.ApiPriceId is null ? null : apiPrices.Get(input.ApiPriceId);
        CheckCostInputs(input, api);

        var notes = new List<string>();
        var shape = input.Model.Config is null ? null : ModelShapeMapper.FromConfig(input.Model.Config, input.Model.ModelType);
        if (shape is null) notes.Add("No config: the KV cache is left out and the GPU count is not split by attention heads.");
        var parameters = Parameters(input, shape);

        var cache = shape is null ? null
            : KvCacheCalculator.Estimate(shape, input.ContextTokens ?? AccessProfileOptions.DefaultContextTokens(shape), input.BatchSize, input.KvCachePrecision);
        if (cache is { ExceedsModelContext: true }) notes.Add($"{cache.ContextTokens:N0} tokens is more than the model's context of {shape!.MaxPositionEmbeddings:N0}.");
        var memory = InferenceMemoryCalculator.Calculate(
            WeightsMemoryCalculator.Calculate(parameters.Total, input.Precision), cache?.Total ?? ByteSize.Zero, input.OverheadFraction);
        var requirement = GpuCountCalculator.Calculate(memory.Total, gpu, shape?.AttentionHeads);
        var count = requirement.TensorParallel ?? requirement.ByMemory;

        var selfHosted = SelfHosted(input, count);
        var apiCost = api is null ? null : new ApiWhatIf(api, input.Request!, api.CostPerRequest(input.Request!));
        var breakEven = selfHosted is not null && apiCost is { CostPerRequest: > 0 }
            ? BreakEvenCalculator.Calculate(selfHosted.Cost, apiCost.CostPerRequest)
            : null;

        return new WhatIfAnswer(
            input.Model.ModelId, parameters, shape, input.Precision, cache, memory, gpu, requirement, count,
            HardwareCostCalculator.Capex(gpu, count),
            new RegionalEnergyCost(region.Id, region.PricePerKwhUsd, EnergyCostCalculator.Annual(count, gpu, region)),
            selfHosted, apiCost, breakEven, notes);
    }

    private static ParameterCount Parameters(WhatIfInput input, ModelShape? shape)
    {
        if (input.ParameterCount is { } given)
            return ParameterCounter.Resolve(given, shape, null)! with { Source = ParameterCountSource.Given };
        return ParameterCounter.Resolve(input.Model.SafetensorsParameters, shape, input.Model.ModelId)
            ?? throw new AccessCalculationException(
                $"The parameter count of '{input.Model.ModelId}' is unknown (no safetensors count, no config that gives it, no size in the name); give parameterCount.");
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
