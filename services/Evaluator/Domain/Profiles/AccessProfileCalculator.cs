namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Builds an <see cref="AccessProfile"/> from what is known of a model. Missing or implausible inputs, and figures too
/// large to compute, become notes and unknown figures, never failures: every model gets a profile.
/// </summary>
public sealed class AccessProfileCalculator(GpuCatalogue gpus, EnergyPriceCatalogue energyPrices, InputLimits? limits = null)
{
    public AccessProfile Calculate(AccessProfileInput input, AccessProfileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new AccessProfileOptions();
        var gpu = gpus.Get(options.GpuId);
        var notes = new List<string>();

        ModelShape? shape = null;
        var parametersFromConfig = false;
        string? expertsContradiction = null;
        if (input.ShapeOf is { } ancestor) notes.Add($"Shape of {ancestor}: the model has no config with layers and heads of its own, so the KV cache and the config's parameter count are its nearest ancestor's.");
        if (input.Config is null) notes.Add(input.ShapeGap is { } gap
            ? $"No KV cache: {gap}."
            : "The Hub gave no config: no KV cache, and the parameter count cannot come from the config.");
        else
        {
            var mapping = ModelShapeMapper.Map(input.Config, input.ModelType, limits);
            shape = mapping.Shape;
            parametersFromConfig = mapping.ParametersComputable;
            expertsContradiction = mapping.ExpertsContradiction;
            if (shape is null) notes.Add($"The config cannot be used: {mapping.Problems[0]}");
            if (shape is null && input.ShapeGap is { } gap) notes.Add($"No KV cache: {gap}.");
            notes.AddRange(mapping.Problems.Skip(shape is null ? 1 : 0).Select(p => $"Taken as unknown: {p}"));
            if (shape is not null && !parametersFromConfig) notes.Add("No parameter count from the config: a number of its formula is unknown.");
        }

        var parameters = ParameterCounter.Resolve(input.SafetensorsParameters, parametersFromConfig ? shape : null, input.ModelId, limits, notes);
        if (parameters is null) notes.Add("No parameter count: no usable safetensors count, config or size in the name; no memory, GPU or cost figures.");
        else if (parameters.Source == ParameterCountSource.ModelName) notes.Add("The parameter count is the nominal size in the model's name.");
        parameters = ExpertNotes(parameters, expertsContradiction, notes);

        KvCacheEstimate? cache = null;
        if (shape is not null)
        {
            var context = options.ContextTokens ?? AccessProfileOptions.DefaultContextTokens(shape);
            try
            {
                cache = KvCacheCalculator.Estimate(shape, context, options.BatchSize, options.KvCachePrecision);
                if (cache.ExceedsModelContext) notes.Add($"{context:N0} tokens is more than the model's context of {shape.MaxPositionEmbeddings:N0}.");
            }
            catch (AccessCalculationException e)
            {
                notes.Add($"No KV cache: {e.Message} Memory is not computed either, as it would leave the cache out.");
            }
        }

        var resourcing = new List<PrecisionResourcing>();
        if (parameters is not null && (shape is null || cache is not null))
        {
            foreach (var precision in Enum.GetValues<Precision>())
            {
                try { resourcing.Add(Resourcing(precision, parameters.Total, cache?.Total ?? ByteSize.Zero, gpu, shape?.AttentionHeads, options)); }
                catch (AccessCalculationException e) { notes.Add($"No {precision} memory, GPUs or costs: {e.Message}"); }
            }
        }

        var licence = LicenceClassifier.Read(input.Licence, input.LicenceName, input.LicenceLink);
        return new AccessProfile
        {
            ModelId = input.ModelId,
            Parameters = parameters,
            Shape = shape,
            ShapeOf = shape is null ? null : input.ShapeOf,
            ConfigSource = shape is null ? null : input.ConfigSource,
            ShapeGap = shape is null ? input.ShapeGap : null,
            Gpu = gpu,
            KvCache = cache,
            Resourcing = resourcing,
            Licence = licence.Class,
            LicenceDetail = licence,
            Gated = input.Gated,
            Modalities = PipelineModalities.FromPipelineTag(input.PipelineTag),
            Context = shape is null ? null : ContextProfile.From(shape),
            Openness = OpennessAssessor.Assess(OpennessOf(input, licence)),
            Notes = notes,
        };
    }

    public static OpennessInput OpennessOf(AccessProfileInput input, LicenceReading licence) => new()
    {
        Gated = input.Gated,
        LibraryName = input.LibraryName,
        Tags = input.Tags,
        Files = input.Files,
        Card = input.Card,
        Licence = licence,
    };

    /// <summary>Flags a contradicting config (counted dense) and an active count read from the name, in the parameters and the notes.</summary>
    internal static ParameterCount? ExpertNotes(ParameterCount? parameters, string? contradiction, ICollection<string> notes)
    {
        if (contradiction is not null)
        {
            notes.Add($"Mixture of experts not used: {contradiction}; the model is counted as dense.");
            if (parameters is not null) parameters = parameters with { DenseFallback = contradiction };
        }
        if (parameters?.Experts is { Source: ActiveParameterSource.ModelName } fromName)
            notes.Add(parameters.Active is { } active
                ? $"Mixture of experts read from the name ({fromName.Evidence}): {active / 1e9:0.##} B active parameters, nominal."
                : $"Mixture of experts read from the name ({fromName.Evidence}): the active count is unknown, compute is charged for every parameter.");
        return parameters;
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
