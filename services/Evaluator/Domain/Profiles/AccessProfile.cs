namespace OpenAccess.Evaluator.Domain;

/// <summary>Resourcing, usability and utility of one model, as the paper's three axes of access.</summary>
public sealed record AccessProfile
{
    public required string ModelId { get; init; }
    public ParameterCount? Parameters { get; init; }
    /// <summary>The architecture numbers the KV cache and the config-based parameter count were computed from; null without a usable config.</summary>
    public ModelShape? Shape { get; init; }
    /// <summary>The ancestor the shape is taken from (shown as "shape of &lt;base&gt;"); null when it is the model's own config.</summary>
    public string? ShapeOf { get; init; }
    /// <summary>
    /// Where the config.json the shape is read from came from: <c>bundled</c> for a copy shipped with the host (the Standalone
    /// seed's Seed/configs, cited there) rather than fetched from the Hub; null for the Hub's file or the Hub's summary.
    /// </summary>
    public string? ConfigSource { get; init; }
    /// <summary>Why there is no shape, when neither the model nor an ancestor has one: <c>no config.json harvested for &lt;root&gt;: &lt;reason&gt;</c>.</summary>
    public string? ShapeGap { get; init; }
    /// <summary>The GPU the resourcing rows are sized for.</summary>
    public Gpu? Gpu { get; init; }
    public KvCacheEstimate? KvCache { get; init; }
    /// <summary>One row per precision, FP32 to INT4; empty when the parameter count or the KV cache is unknown, and without a precision whose figures are too large to compute (see <see cref="Notes"/>).</summary>
    public IReadOnlyList<PrecisionResourcing> Resourcing { get; init; } = [];
    public required LicenceClass Licence { get; init; }
    /// <summary>The licence as read: recognised name, terms, the card's text it rests on, or why it is unknown.</summary>
    public LicenceReading? LicenceDetail { get; init; }
    public bool Gated { get; init; }
    public Modalities? Modalities { get; init; }
    public ContextProfile? Context { get; init; }
    /// <summary>Openness per component (weights, inference and training code, training data, licence, documentation) and its class; null in profiles stored before it.</summary>
    public OpennessProfile? Openness { get; init; }
    /// <summary>Why a figure is missing or approximate, in words a user can act on.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Memory, GPUs, purchase and energy for the model's weights in one precision.</summary>
public sealed record PrecisionResourcing(
    Precision Precision,
    InferenceMemory Memory,
    GpuRequirement Gpus,
    decimal? CapexUsd,
    IReadOnlyList<RegionalEnergyCost> EnergyPerYear);

/// <summary>Energy for a year of the tensor-parallel GPU count (else the count by memory) in one region, at its price per kWh.</summary>
public sealed record RegionalEnergyCost(string RegionId, decimal PricePerKwhUsd, AnnualEnergyCost Cost);
