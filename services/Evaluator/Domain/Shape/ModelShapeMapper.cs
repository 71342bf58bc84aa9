using System.Globalization;
using OpenAccess.Contracts;

namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// A shape and what the mapper could not use. <c>Shape</c> is null when a number the KV cache needs (layers, heads,
/// head dimension, latent ranks) is missing or implausible; <c>Problems</c> says why, and why any other field was
/// taken as unknown. <c>ParametersComputable</c> is false when a number of the parameter formula was implausible, so the
/// config gives no parameter count rather than a wrong one.
/// </summary>
public sealed record ShapeMapping(ModelShape? Shape, IReadOnlyList<string> Problems, bool ParametersComputable)
{
    /// <summary>Why the config's expert fields contradict each other; the shape is then dense. Null when they agree or are absent.</summary>
    public string? ExpertsContradiction { get; init; }

    /// <summary>
    /// The config.json fields the KV cache needs that are absent (<c>num_hidden_layers</c>, <c>head_dim or hidden_size</c>) or
    /// implausible (<c>num_attention_heads is 0, accepted: 1 to 1,024</c>), in the order the shape reads them; empty when there is a shape.
    /// </summary>
    public IReadOnlyList<string> MissingFields { get; init; } = [];
}

/// <summary>Maps the Hub's config summary and <c>model_type</c> onto a <see cref="ModelShape"/>, every number checked against <see cref="InputLimits"/>.</summary>
public static class ModelShapeMapper
{
    // Model types whose feed-forward block has two matrices (up, down) rather than three.
    private static readonly HashSet<string> UngatedMlpTypes =
        new(StringComparer.OrdinalIgnoreCase) { "gpt2", "gpt_neox", "gptj", "phi", "falcon", "bloom", "opt", "starcoder2", "gpt_bigcode" };

    /// <exception cref="AccessCalculationException">A number the KV cache needs is missing or implausible.</exception>
    public static ModelShape FromConfig(ModelConfigSummary config, string? modelType, InputLimits? limits = null)
    {
        var mapping = Map(config, modelType, limits);
        return mapping.Shape ?? throw new AccessCalculationException(mapping.Problems[0]);
    }

    public static ShapeMapping Map(ModelConfigSummary config, string? modelType, InputLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var l = limits ?? InputLimits.Default;
        // What the cache needs comes first: the first of these is why there is no shape.
        var essential = new List<string>();
        var missing = new List<string>();
        var problems = new List<string>();
        var parameterProblems = 0;

        // Optional numbers: an implausible one is unknown; one the parameter formula reads makes the count unknown too.
        int? Optional(int? value, string key, string field, int min, int max, bool parameterInput)
        {
            if (value is null || (value >= min && value <= max)) return value;
            problems.Add(Refusal(key, field, value.Value, min, max));
            if (parameterInput) parameterProblems++;
            return null;
        }

        int? Required(int? value, string key, string field, int min, int max)
        {
            if (value is null)
            {
                essential.Add($"The config does not give {key} (config.{field}).");
                missing.Add(key);
            }
            else if (value < min || value > max)
            {
                essential.Add(Refusal(key, field, value.Value, min, max));
                missing.Add($"{key} is {value.Value.ToString("#,0", CultureInfo.InvariantCulture)}, accepted: {InputLimits.Range(min, max)}");
            }
            else return value;
            return null;
        }

        var layers = Required(config.NumHiddenLayers, "num_hidden_layers", "numHiddenLayers", 1, l.MaxLayers);
        var heads = Required(config.NumAttentionHeads, "num_attention_heads", "numAttentionHeads", 1, l.MaxAttentionHeads);
        var kvHeads = config.NumKeyValueHeads is null ? heads
            : Required(config.NumKeyValueHeads, "num_key_value_heads", "numKeyValueHeads", 1, l.MaxAttentionHeads);
        var hidden = Optional(config.HiddenSize, "hidden_size", "hiddenSize", 1, l.MaxWidth, parameterInput: true);
        int? headDim = config.HeadDim is not null ? Required(config.HeadDim, "head_dim", "headDim", 1, l.MaxWidth)
            : hidden is { } h && heads is { } n ? Required(h / n, "hidden_size / num_attention_heads", "hiddenSize", 1, l.MaxWidth)
            : null;
        if (config.HeadDim is null && hidden is null)
        {
            if (heads is not null) essential.Add("The config gives neither a usable head_dim nor hidden_size, so the head dimension is unknown.");
            missing.Add(config.HiddenSize is { } width ? $"head_dim (hidden_size is {width.ToString("#,0", CultureInfo.InvariantCulture)}, outside {InputLimits.Range(1, l.MaxWidth)})" : "head_dim or hidden_size");
        }

        LatentAttentionShape? latent = null;
        if (config.KvLoraRank is not null)
        {
            var rank = Required(config.KvLoraRank, "kv_lora_rank", "kvLoraRank", 1, l.MaxWidth);
            var rope = Required(config.QkRopeHeadDim ?? 0, "qk_rope_head_dim", "qkRopeHeadDim", 0, l.MaxWidth);
            if (rank is { } r && rope is { } d)
            {
                latent = new LatentAttentionShape(r, d)
                {
                    QLoraRank = Optional(config.QLoraRank, "q_lora_rank", "qLoraRank", 1, l.MaxWidth, parameterInput: true),
                    QkNopeHeadDim = Optional(config.QkNopeHeadDim, "qk_nope_head_dim", "qkNopeHeadDim", 0, l.MaxWidth, parameterInput: true),
                    VHeadDim = Optional(config.VHeadDim, "v_head_dim", "vHeadDim", 1, l.MaxWidth, parameterInput: true),
                };
            }
        }

        MixtureOfExpertsShape? experts = null;
        var contradiction = ExpertsContradiction(config, layers);
        if (contradiction is null && (config.NumExperts is > 0 || config.NumExperts < 0))
        {
            var routed = Optional(config.NumExperts, "num_experts", "numExperts", 1, l.MaxExperts, parameterInput: true);
            if (routed is { } e)
            {
                experts = new MixtureOfExpertsShape(e, Optional(config.NumExpertsPerToken, "num_experts_per_tok", "numExpertsPerToken", 1, e, parameterInput: true) ?? e)
                {
                    SharedExperts = Optional(config.NumSharedExperts, "n_shared_experts", "numSharedExperts", 0, l.MaxExperts, parameterInput: true) ?? 0,
                    ExpertIntermediateSize = Optional(config.MoeIntermediateSize, "moe_intermediate_size", "moeIntermediateSize", 1, l.MaxWidth, parameterInput: true),
                    DenseLayers = Math.Clamp(config.FirstKDenseReplace ?? 0, 0, layers ?? 0),
                };
            }
        }

        var window = Optional(config.SlidingWindow, "sliding_window", "slidingWindow", 1, l.MaxContextTokens, parameterInput: false);
        var maxPosition = Optional(config.MaxPositionEmbeddings, "max_position_embeddings", "maxPositionEmbeddings", 1, l.MaxContextTokens, parameterInput: false);
        var pretrained = Optional(config.RopeScalingOriginalMaxPositionEmbeddings,
            "rope_scaling.original_max_position_embeddings", "ropeScalingOriginalMaxPositionEmbeddings", 1, l.MaxContextTokens, parameterInput: false);
        var ropeFactor = config.RopeScalingFactor;
        if (ropeFactor is { } f && !(double.IsFinite(f) && f > 0 && f <= l.MaxRopeScalingFactor))
        {
            problems.Add($"The config's rope_scaling.factor (config.ropeScalingFactor) is {f}; accepted: more than 0 to {l.MaxRopeScalingFactor:#,0.###}.");
            ropeFactor = null;
        }

        var vocab = Optional(config.VocabSize, "vocab_size", "vocabSize", 1, l.MaxVocabSize, parameterInput: true);
        var intermediate = Optional(config.IntermediateSize, "intermediate_size", "intermediateSize", 1, l.MaxWidth, parameterInput: true);

        var shape = layers is { } layerCount && heads is { } headCount && kvHeads is { } kv && headDim is { } dim
            ? new ModelShape
            {
                Layers = layerCount,
                AttentionHeads = headCount,
                KeyValueHeads = kv,
                HeadDim = dim,
                HiddenSize = hidden,
                SlidingWindow = window,
                SlidingWindowLayers = SlidingWindowLayout.WindowedLayers(modelType, layerCount, window, config.UseSlidingWindow, config.LayerTypes),
                LatentAttention = latent,
                Experts = experts,
                MaxPositionEmbeddings = maxPosition,
                RopeScalingFactor = ropeFactor,
                OriginalMaxPositionEmbeddings = pretrained,
                VocabSize = vocab,
                IntermediateSize = intermediate,
                TiedEmbeddings = config.TieWordEmbeddings ?? false,
                GatedMlp = modelType is null || !UngatedMlpTypes.Contains(modelType),
            }
            : null;
        return new ShapeMapping(shape, [.. essential, .. problems], shape is not null && parameterProblems == 0)
        {
            ExpertsContradiction = contradiction,
            MissingFields = shape is null ? missing : [],
        };
    }

    /// <summary>Expert fields that cannot all be true: experts per token without routed experts or more than them, or dense layers that leave no layer for experts.</summary>
    private static string? ExpertsContradiction(ModelConfigSummary config, int? layers)
    {
        var routed = config.NumExperts ?? 0;
        if (config.NumExpertsPerToken is > 0 and var perToken && routed <= 0)
            return $"the config routes each token to {perToken} experts (num_experts_per_tok) but names no routed experts (n_routed_experts / num_local_experts / num_experts is {(config.NumExperts is { } e ? e.ToString(CultureInfo.InvariantCulture) : "absent")})";
        if (config.NumExpertsPerToken is > 0 and var k && k > routed)
            return $"the config routes each token to {k} experts (num_experts_per_tok) but has only {routed} routed experts";
        if (routed > 0 && layers is { } l && config.FirstKDenseReplace is { } dense && (dense >= l || dense < 0))
            return $"the config makes {dense} leading layers dense (first_k_dense_replace) of {l}, which leaves no layer for its {routed} experts";
        return null;
    }

    private static string Refusal(string key, string field, int value, int min, int max) =>
        $"The config's {key} (config.{field}) is {value.ToString("#,0", CultureInfo.InvariantCulture)}; accepted: {InputLimits.Range(min, max)}.";
}
