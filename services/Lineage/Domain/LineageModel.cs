using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

/// <summary>What the lineage graph needs to know about one Hub model (the service maps <c>ModelDiscovered</c> into it).</summary>
public sealed record LineageModel
{
    public required string Id { get; init; }
    public required string Author { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Time of the last commit; with <see cref="CreatedAt"/> it tells how recent the data is (<see cref="LineageGraph.ObservedAt"/>).</summary>
    public DateTimeOffset? LastModified { get; init; }
    public long Downloads { get; init; }
    public long Likes { get; init; }
    public string? PipelineTag { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? ModelType { get; init; }
    public IReadOnlyList<string> Architectures { get; init; } = [];
    public long? ParameterCount { get; init; }
    public IReadOnlyList<BaseModelLink> Parents { get; init; } = [];

    /// <summary>The leaderboard's type label (e.g. <c>💬 chat models</c>) when the model was evaluated; used to spot chat models.</summary>
    public string? LeaderboardTypeLabel { get; init; }
}
