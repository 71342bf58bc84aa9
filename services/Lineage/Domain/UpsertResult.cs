using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

public enum UpsertOutcome
{
    /// <summary>The model was not known before (it may have been a pending parent).</summary>
    Added,
    /// <summary>The model was known and something the graph keeps changed.</summary>
    Updated,
    /// <summary>Nothing the graph keeps changed: the caller can skip its write.</summary>
    Unchanged,
}

/// <summary>A parent link the graph would not take, and why (for the caller to log).</summary>
public sealed record RefusedLink(string ParentId, BaseModelRelation Relation, string Reason);

public sealed record UpsertResult(UpsertOutcome Outcome, IReadOnlyList<RefusedLink> Refused)
{
    /// <summary>The model's id as the graph spells it (the first spelling seen): the id to store it under.</summary>
    public string Id { get; init; } = "";

    /// <summary>The model's node in the graph that gave this result (nodes are never reused): where tables kept beside it hold the model.</summary>
    public int Node { get; init; } = -1;

    /// <summary>The parent links the graph kept, parents spelt as the graph spells them: the links to store.</summary>
    public IReadOnlyList<BaseModelLink> Parents { get; init; } = [];

    /// <summary>Parents past <see cref="GraphLimits.MaxParents"/>, left out without a check.</summary>
    public int ParentsCut { get; init; }
}
