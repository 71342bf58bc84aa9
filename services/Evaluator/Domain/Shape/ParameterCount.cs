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
}
