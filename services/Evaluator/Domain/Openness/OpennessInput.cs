using OpenAccess.Contracts;

namespace OpenAccess.Evaluator.Domain;

/// <summary>What the openness of a release is read from: the fields of <c>ModelDiscovered</c> and the licence as read.</summary>
public sealed record OpennessInput
{
    public bool Gated { get; init; }
    public string? LibraryName { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Null when the repository's files were not listed.</summary>
    public RepositoryFiles? Files { get; init; }
    /// <summary>Null when the card's text was not harvested.</summary>
    public ModelCardSummary? Card { get; init; }
    public required LicenceReading Licence { get; init; }
}
