namespace OpenAccess.Evaluator.Domain;

/// <summary>Where a parameter count came from, most trustworthy first.</summary>
public enum ParameterCountSource
{
    /// <summary>The exact count the Hub reads from the safetensors index.</summary>
    Safetensors,
    /// <summary>Computed from the config's dimensions (<see cref="ParameterCounter.FromShape"/>).</summary>
    Config,
    /// <summary>Read from the repository name (<c>7b</c>, <c>8x7B</c>…): nominal, a rough figure.</summary>
    ModelName,
    /// <summary>Supplied by the caller of a what-if calculation.</summary>
    Given,
}

/// <param name="Total">Every parameter, all experts included: what must be resident in memory.</param>
/// <param name="Active">Parameters one token passes through (mixture-of-experts); null for dense models or when unknown.</param>
/// <param name="Source">Where <paramref name="Total"/> came from.</param>
public sealed record ParameterCount(long Total, long? Active, ParameterCountSource Source)
{
    /// <summary>Parameters that determine compute per token: the active ones for MoE, else all.</summary>
    public long ComputeParameters => Active ?? Total;

    /// <summary>How the model was read as a mixture of experts, and where <see cref="Active"/> came from; null for a dense model.</summary>
    public ExpertsReading? Experts { get; init; }

    /// <summary>Why the config's expert fields were not used and the model was counted dense; null when they were consistent or absent.</summary>
    public string? DenseFallback { get; init; }
}

/// <summary>Where the mixture-of-experts layout was read.</summary>
public enum ActiveParameterSource
{
    /// <summary>The config's expert fields (routed, per token, shared, expert width, dense layers): computed.</summary>
    Config,
    /// <summary>The repository name (<c>17B-16E</c>, <c>A3B</c>, <c>8x7B</c>): nominal, flagged as such.</summary>
    ModelName,
}

/// <summary>A mixture-of-experts reading: the experts known, and <c>Evidence</c>, the fields or the part of the name it rests on.</summary>
public sealed record ExpertsReading(ActiveParameterSource Source, int? RoutedExperts, int? ExpertsPerToken, int? SharedExperts, string Evidence);
