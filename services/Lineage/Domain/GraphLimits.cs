namespace OpenAccess.Lineage.Domain;

/// <summary>
/// What the graph takes, so that every walk over it is bounded: no chain of links longer than
/// <see cref="MaxDepth"/>, no model with more than <see cref="MaxParents"/> parents, no id that a URL
/// cannot reach. The service binds them from its options.
/// </summary>
public sealed record GraphLimits
{
    /// <summary>Links on the longest way from a root down to a model; a link that would make a longer chain is refused.</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Parent links kept per model: the first this many listed; the rest are cut.</summary>
    public int MaxParents { get; init; } = 256;

    /// <summary>Characters in a model id.</summary>
    public int MaxIdLength { get; init; } = 200;

    public static readonly GraphLimits Default = new();
}
