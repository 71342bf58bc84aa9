namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// The architecture numbers the memory and parameter arithmetic needs, independent of where they came from.
/// Counts are plain numbers, sizes in elements. Optional members are needed only for the parameter formula.
/// </summary>
public sealed record ModelShape
{
    public required int Layers { get; init; }
    public required int AttentionHeads { get; init; }
    public required int KeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public int? HiddenSize { get; init; }

    /// <summary>Tokens a windowed layer keeps in its cache; null when no layer is windowed.</summary>
    public int? SlidingWindow { get; init; }

    /// <summary>How many of <see cref="Layers"/> attend only within <see cref="SlidingWindow"/>.</summary>
    public int SlidingWindowLayers { get; init; }

    /// <summary>Present for multi-head latent attention (DeepSeek-V2/V3): the cache holds the compressed latent.</summary>
    public LatentAttentionShape? LatentAttention { get; init; }

    /// <summary>Present for mixture-of-experts models.</summary>
    public MixtureOfExpertsShape? Experts { get; init; }

    public int? MaxPositionEmbeddings { get; init; }
    public double? RopeScalingFactor { get; init; }
    public int? OriginalMaxPositionEmbeddings { get; init; }

    public int? VocabSize { get; init; }
    /// <summary>Width of the dense feed-forward block (<c>intermediate_size</c>).</summary>
    public int? IntermediateSize { get; init; }
    public bool TiedEmbeddings { get; init; }
    /// <summary>Gate, up and down projections (SwiGLU/GeGLU) rather than the two matrices of GPT-2-style MLPs.</summary>
    public bool GatedMlp { get; init; } = true;
}

/// <summary>Multi-head latent attention dimensions (<c>kv_lora_rank</c>, <c>qk_rope_head_dim</c>, …).</summary>
public sealed record LatentAttentionShape(int KvLoraRank, int QkRopeHeadDim)
{
    public int? QLoraRank { get; init; }
    public int? QkNopeHeadDim { get; init; }
    public int? VHeadDim { get; init; }
}

/// <summary>Mixture-of-experts layout.</summary>
/// <param name="RoutedExperts">Routed experts per MoE layer.</param>
/// <param name="ExpertsPerToken">Routed experts each token activates.</param>
public sealed record MixtureOfExpertsShape(int RoutedExperts, int ExpertsPerToken)
{
    /// <summary>Always-active shared experts per MoE layer.</summary>
    public int SharedExperts { get; init; }
    /// <summary>Feed-forward width of one expert; null means the model's <c>intermediate_size</c> (Mixtral).</summary>
    public int? ExpertIntermediateSize { get; init; }
    /// <summary>Leading layers with a dense feed-forward block instead of experts (<c>first_k_dense_replace</c>).</summary>
    public int DenseLayers { get; init; }
}
