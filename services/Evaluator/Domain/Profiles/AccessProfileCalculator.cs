namespace OpenAccess.Evaluator.Domain;

/// <summary>Builds an <see cref="AccessProfile"/> from what is known of a model; missing inputs become notes, not failures.</summary>
public sealed class AccessProfileCalculator(GpuCatalogue gpus, EnergyPriceCatalogue energyPrices)
{
    public AccessProfile Calculate(AccessProfileInput input, AccessProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new AccessProfileOptions();
        var gpu = gpus.Get(options.GpuId);
        var notes = new List<string>();

        ModelShape? shape = null;
        if (input.Config is null) notes.Add("The Hub gave no config: no KV cache, and the parameter count cannot come from the config.");
        else
        {
            try { shape = ModelShapeMapper.FromConfig(input.Config, input.ModelType); }
            catch (AccessCalculationException e) { notes.Add($"The config cannot be used: {e.Message}"); }
        }

        var parameters = ParameterCounter.Resolve(input.SafetensorsParameters, shape, input.ModelId);
        if (parameters is null) notes.Add("No parameter count: no safetensors count, config or size in the name.");
        else if (parameters.Source == ParameterCountSource.ModelName) notes.Add("The parameter count is the nominal size in the model's name.");

        KvCacheEstimate? cache = null;
        if (shape is not null)
        {
            var context = options.ContextTokens ?? AccessProfileOptions.DefaultContextTokens(shape);
            cache = KvCacheCalculator.Estimate(shape, context, options.BatchSize, options.KvCachePrecision);
            if (cache.ExceedsModelContext) notes.Add($"{context:N0} tokens is more than the model's context of {shape.MaxPositionEmbeddings:N0}.");
        }

        return new AccessProfile
        {
            ModelId = input.ModelId,
            Parameters = parameters,
            Shape = shape,
            Gpu = gpu,
            KvCache = cache,
            Resourcing = parameters is null ? [] : Enum.GetValues<Precision>()
                .Select(p => Resourcing(p, parameters.Total, cache?.Total ?? ByteSize.Zero, gpu, shape?.AttentionHeads, options))
                .ToList(),
            Licence = LicenceClassifier.Classify(input.Licence),
            Gated = input.Gated,
            Modalities = PipelineModalities.FromPipelineTag(input.PipelineTag),
            Context = shape is null ? null : ContextProfile.From(shape),
            Notes = notes,
        };
    }

    private PrecisionResourcing Resourcing(Precision precision, long parameters, ByteSize cache, Gpu gpu, int? heads, AccessProfileOptions options)
    {
        var memory = InferenceMemoryCalculator.Calculate(WeightsMemoryCalculator.Calculate(parameters, precision), cache, options.OverheadFraction);
        var requirement = GpuCountCalculator.Calculate(memory.Total, gpu, heads);
        var count = requirement.TensorParallel ?? requirement.ByMemory;
        return new PrecisionResourcing(
            precision,
            memory,
            requirement,
            HardwareCostCalculator.Capex(gpu, count),
            energyPrices.All.Select(region => new RegionalEnergyCost(region.Id, region.PricePerKwhUsd, EnergyCostCalculator.Annual(count, gpu, region))).ToList());
    }
}
