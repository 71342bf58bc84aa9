using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Storage;

/// <summary>A model as the Lineage service stores it: the graph's input, plus the revision that decides which event is newer.</summary>
public sealed record StoredModel
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
    /// <summary>The parent links the graph kept, spelt as the graph spells the parents: the links children are found by.</summary>
    public IReadOnlyList<BaseModelLink> Parents { get; init; } = [];
    /// <summary>Links the graph refused (not a model id, self, twice, a cycle, too deep), with the reason; never served as parents.</summary>
    public IReadOnlyList<RefusedLink> RefusedParents { get; init; } = [];
    /// <summary>How many parents were listed past the cap (<c>OpenAccess:Lineage:MaxParents</c>) and left out.</summary>
    public int ParentsCut { get; init; }
    /// <summary>The leaderboard's model-type label (e.g. "💬 chat models"), from the latest <see cref="BenchmarkUpdated"/>.</summary>
    public string? LeaderboardTypeLabel { get; init; }
    /// <summary>The Hub models the card names (<see cref="ModelCardSummary.ModelMentions"/>) as the intake kept them: recovery's card evidence.</summary>
    public IReadOnlyList<ModelMention> CardMentions { get; init; } = [];

    public static StoredModel From(ModelDiscovered m, string? leaderboardTypeLabel) => new()
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
        LeaderboardTypeLabel = leaderboardTypeLabel,
        CardMentions = m.Card?.ModelMentions ?? [],
    };

    public LineageModel ToGraphModel() => new()
    {
        Id = Id,
        Author = Author,
        CreatedAt = CreatedAt,
        LastModified = LastModified,
        Downloads = Downloads,
        Likes = Likes,
        PipelineTag = PipelineTag,
        Tags = Tags,
        ModelType = ModelType,
        Architectures = Architectures,
        ParameterCount = ParameterCount,
        Parents = Parents,
        LeaderboardTypeLabel = LeaderboardTypeLabel,
    };

    /// <summary>Lookup keys of the store: the parent ids, so children are found by their parent.</summary>
    public static IEnumerable<string> ParentKeys(StoredModel model) => model.Parents.Select(p => p.Id);
}
