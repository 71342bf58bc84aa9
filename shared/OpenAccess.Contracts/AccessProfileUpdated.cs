namespace OpenAccess.Contracts;

/// <summary>
/// The access profile of a model revision (what it takes to run it, and on what terms) was computed
/// or changed. Published by the Evaluator.
/// </summary>
public sealed record AccessProfileUpdated
{
    /// <summary>Hub id of the model.</summary>
    public required string ModelId { get; init; }

    /// <summary>Git sha of the revision profiled; null when unknown.</summary>
    public string? Revision { get; init; }

    /// <summary>Parameter count the profile used (parameters).</summary>
    public long? ParameterCount { get; init; }

    /// <summary>Where <see cref="ParameterCount"/> came from: <c>safetensors</c>, <c>config</c>, <c>name</c> or <c>unknown</c>.</summary>
    public required string ParameterSource { get; init; }

    /// <summary>Weights memory in bytes at 16-bit precision (BF16/FP16); null when the parameter count is unknown.</summary>
    public long? WeightsBytesBf16 { get; init; }

    /// <summary>KV cache per token in bytes at 16-bit precision, all layers; null when the config is missing.</summary>
    public long? KvCacheBytesPerToken { get; init; }

    /// <summary>Fewest 80 GB H100 GPUs holding the 16-bit weights plus overhead; null when unknown.</summary>
    public int? MinimumH100 { get; init; }

    /// <summary>Licence class: <c>permissive</c>, <c>restricted</c>, <c>non-commercial</c>, <c>proprietary</c> or <c>unknown</c>.</summary>
    public required string LicenseClass { get; init; }

    /// <summary>The licence the class was read as (e.g. <c>Llama 4 Community License</c>); null when not recognised. Added in round two: older events lack it.</summary>
    public string? LicenseName { get; init; }

    /// <summary>The card's text the licence class rests on (e.g. <c>license: other; license_name: llama4</c>), or why it is unknown; null in older events.</summary>
    public string? LicenseEvidence { get; init; }

    /// <summary>Parameters one token passes through (mixture of experts); null for a dense model, when unknown, and in older events.</summary>
    public long? ActiveParameterCount { get; init; }

    /// <summary>Where <see cref="ActiveParameterCount"/> was read: <c>config</c> or <c>name</c> (nominal); null for a dense model.</summary>
    public string? ActiveParameterSource { get; init; }

    /// <summary>True when the config's expert fields contradict each other and the model was counted dense; false in older events.</summary>
    public bool ExpertsContradicted { get; init; }

    /// <summary>True when downloading needs an accepted agreement.</summary>
    public bool Gated { get; init; }

    /// <summary>Longest context in tokens the config declares; null when unknown.</summary>
    public int? ContextLength { get; init; }

    /// <summary>
    /// Openness class of the release (docs/access-profiles.md, "Openness per component"): <c>open-science</c>, <c>open-model</c>,
    /// <c>open-weights</c>, <c>weights-not-released</c> or <c>unknown</c>; null in older events.
    /// </summary>
    public string? OpennessClass { get; init; }

    /// <summary>
    /// Status of each component: keys <c>weights</c>, <c>inference-code</c>, <c>training-code</c>, <c>training-data</c>, <c>licence</c>,
    /// <c>documentation</c>; values <c>open</c>, <c>partial</c>, <c>restricted</c>, <c>not-found</c> or <c>unknown</c>. Null in older events.
    /// </summary>
    public IReadOnlyDictionary<string, string>? OpennessComponents { get; init; }
}
