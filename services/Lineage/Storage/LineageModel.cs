using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Storage;

/// <summary>A model as the Lineage service stores it: what the graph and the statistics need, nothing more.</summary>
public sealed record LineageModel
{
    public required string Id { get; init; }
    public required string Author { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? LastModified { get; init; }
    public string? Sha { get; init; }
    public long Downloads { get; init; }
    public long Likes { get; init; }
    public string? PipelineTag { get; init; }
    public string? ModelType { get; init; }
    public IReadOnlyList<string> Architectures { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public long? ParameterCount { get; init; }
    public IReadOnlyList<BaseModelLink> Parents { get; init; } = [];

    public static LineageModel From(ModelDiscovered m) => new()
    {
        Id = m.Id,
        Author = m.Author,
        CreatedAt = m.CreatedAt,
        LastModified = m.LastModified,
        Sha = m.Sha,
        Downloads = m.Downloads,
        Likes = m.Likes,
        PipelineTag = m.PipelineTag,
        ModelType = m.ModelType,
        Architectures = m.Architectures,
        Tags = m.Tags,
        ParameterCount = m.ParameterCount,
        Parents = m.BaseModels,
    };

    /// <summary>Lookup keys of the store: the parent ids, so children are found by their parent.</summary>
    public static IEnumerable<string> ParentKeys(LineageModel model) => model.Parents.Select(p => p.Id);
}
