using OpenAccess.Contracts;

namespace OpenAccess.Evaluator.Domain;

/// <summary>Maps the Hub's config summary and <c>model_type</c> onto a <see cref="ModelShape"/>.</summary>
public static class ModelShapeMapper
{
    // Model types whose feed-forward block has two matrices (up, down) rather than three.
    private static readonly HashSet<string> UngatedMlpTypes =
        new(StringComparer.OrdinalIgnoreCase) { "gpt2", "gpt_neox", "gptj", "phi", "falcon", "bloom", "opt", "starcoder2", "gpt_bigcode" };

    public static ModelShape FromConfig(ModelConfigSummary config, string? modelType)
    {
        ArgumentNullException.ThrowIfNull(config);
        var layers = Positive(config.NumHiddenLayers, "num_hidden_layers");
        var heads = Positive(config.NumAttentionHeads, "num_attention_heads");
        var kvHeads = config.NumKeyValueHeads ?? heads;
        var headDim = config.HeadDim
            ?? (config.HiddenSize is { } hidden ? hidden / heads
                : throw new AccessCalculationException("The config gives neither head_dim nor hidden_size, so the head dimension is unknown."));

        return new ModelShape
        {
            Layers = layers,
            AttentionHeads = heads,
            KeyValueHeads = Positive(kvHeads, "num_key_value_heads"),
            HeadDim = Positive(headDim, "head_dim"),
            HiddenSize = config.HiddenSize,
            SlidingWindow = config.SlidingWindow,
            SlidingWindowLayers = SlidingWindowLayout.WindowedLayers(modelType, layers, config.SlidingWindow, config.UseSlidingWindow, config.LayerTypes),
            LatentAttention = config.KvLoraRank is { } rank
                ? new LatentAttentionShape(rank, config.QkRopeHeadDim ?? 0)
                {
                    QLoraRank = config.QLoraRank,
                    QkNopeHeadDim = config.QkNopeHeadDim,
                    VHeadDim = config.VHeadDim,
                }
                : null,
            Experts = config.NumExperts is > 0 and var experts
                ? new MixtureOfExpertsShape(experts, config.NumExpertsPerToken ?? experts)
                {
                    SharedExperts = config.NumSharedExperts ?? 0,
                    ExpertIntermediateSize = config.MoeIntermediateSize,
                    DenseLayers = Math.Clamp(config.FirstKDenseReplace ?? 0, 0, layers),
                }
                : null,
            MaxPositionEmbeddings = config.MaxPositionEmbeddings,
            RopeScalingFactor = config.RopeScalingFactor,
            OriginalMaxPositionEmbeddings = config.RopeScalingOriginalMaxPositionEmbeddings,
            VocabSize = config.VocabSize,
            IntermediateSize = config.IntermediateSize,
            TiedEmbeddings = config.TieWordEmbeddings ?? false,
            GatedMlp = modelType is null || !UngatedMlpTypes.Contains(modelType),
        };
    }

    private static int Positive(int? value, string key) => value switch
    {
        null => throw new AccessCalculationException($"The config does not give {key}."),
        <= 0 => throw new AccessCalculationException($"The config's {key} is {value}; it must be positive."),
        _ => value.Value,
    };
}
