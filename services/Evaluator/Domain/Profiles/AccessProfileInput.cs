using OpenAccess.Contracts;

namespace OpenAccess.Evaluator.Domain;

/// <summary>What the Evaluator knows of a model: the fields of <c>ModelDiscovered</c> the profile uses.</summary>
public sealed record AccessProfileInput
{
    public required string ModelId { get; init; }
    public ModelConfigSummary? Config { get; init; }
    public string? ModelType { get; init; }
    public long? SafetensorsParameters { get; init; }
    public string? Licence { get; init; }
    /// <summary>The card's <c>license_name</c> and <c>license_link</c>, which explain <c>license: other</c>.</summary>
    public string? LicenceName { get; init; }
    public string? LicenceLink { get; init; }
    public bool Gated { get; init; }
    public string? PipelineTag { get; init; }
    /// <summary>What the openness components are read from (<see cref="OpennessAssessor"/>).</summary>
    public string? LibraryName { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public RepositoryFiles? Files { get; init; }
    public ModelCardSummary? Card { get; init; }
    /// <summary>The ancestor whose config <see cref="Config"/> is, when the model has no usable one of its own.</summary>
    public string? ShapeOf { get; init; }
    /// <summary>Where the config.json the shape is read from came from: null for the Hub (or the Hub's summary), <c>bundled</c> for the host's bundled copy.</summary>
    public string? ConfigSource { get; init; }
    /// <summary>Why neither the model nor an ancestor has a shape (<c>no config.json harvested for &lt;root&gt;: &lt;reason&gt;</c>).</summary>
    public string? ShapeGap { get; init; }
}

/// <summary>The deployment the resourcing figures assume.</summary>
public sealed record AccessProfileOptions
{
    /// <summary>Context to size the KV cache for; null means the model's own maximum (the paper's choice), else 4,096.</summary>
    public int? ContextTokens { get; init; }
    public int BatchSize { get; init; } = 1;
    public Precision KvCachePrecision { get; init; } = Precision.Bf16;
    public double OverheadFraction { get; init; } = InferenceMemoryCalculator.DefaultOverheadFraction;
    public string GpuId { get; init; } = "h100-sxm-80gb";

    internal const int FallbackContextTokens = 4096;

    /// <summary>The model's own maximum context (the paper's choice), else 4,096 tokens.</summary>
    internal static int DefaultContextTokens(ModelShape shape) =>
        shape.MaxPositionEmbeddings is > 0 and var max ? max : FallbackContextTokens;
}
