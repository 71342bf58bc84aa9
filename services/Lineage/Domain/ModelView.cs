using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

/// <summary>A model as the graph knows it. A pending model was named as a parent but not seen yet.</summary>
public sealed record ModelView(
    string Id,
    bool Pending,
    string? Author,
    DateTimeOffset? CreatedAt,
    long Downloads,
    long Likes,
    string? PipelineTag,
    string? Architecture,
    long? ParameterCount,
    ModelKind? Kind,
    IReadOnlyList<BaseModelLink> Parents,
    ChildrenCounts Children,
    IReadOnlyList<string> Families);

/// <summary>Direct children by the relation of their link to this model.</summary>
public sealed record ChildrenCounts(int Finetune, int Adapter, int Quantized, int Merge)
{
    public int Total => Finetune + Adapter + Quantized + Merge;

    public int this[BaseModelRelation relation] => relation switch
    {
        BaseModelRelation.Finetune => Finetune,
        BaseModelRelation.Adapter => Adapter,
        BaseModelRelation.Quantized => Quantized,
        _ => Merge,
    };
}

/// <summary>Ways from a model up to its roots; Truncated when there were more than the answer holds.</summary>
public sealed record AncestorPaths(string ModelId, IReadOnlyList<AncestorPath> Paths, bool Truncated);

/// <summary>One way from a model up to a root; each step names the relation of the link below it.</summary>
public sealed record AncestorPath(IReadOnlyList<BaseModelLink> Steps, bool EndsAtPendingModel);

/// <summary>A short line for search results.</summary>
public sealed record ModelSummary(string Id, string? Author, DateTimeOffset? CreatedAt, long Downloads, long Likes, ModelKind Kind);
