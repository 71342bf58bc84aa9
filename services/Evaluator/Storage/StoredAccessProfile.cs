using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Storage;

/// <summary>The profile of a model's latest revision as last published; <c>ProfileHash</c> tells a changed profile from a repeated one.</summary>
public sealed record StoredAccessProfile
{
    public required string ModelId { get; init; }
    public string? Revision { get; init; }
    public DateTimeOffset? LastModified { get; init; }
    public required string ProfileHash { get; init; }
    public required AccessProfile Profile { get; init; }
}
