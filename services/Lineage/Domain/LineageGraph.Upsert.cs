using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

public sealed partial class LineageGraph
{
    private readonly HashSet<int> _changedRoots = [];
    private readonly Dictionary<int, long> _seriesVersions = [];

    /// <summary>Changes only when links or the set of known models change: family sizes depend on nothing else.</summary>
    private long _linksVersion;

    /// <summary>
    /// Adds a model or replaces what the graph knows of it (its parent links included). Self-parents,
    /// links listed twice and links that would close a cycle are refused and returned; the rest is kept.
    /// </summary>
    public UpsertResult Upsert(LineageModel model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model.Id);
        Gate.EnterWriteLock();
        try
        {
            return UpsertLocked(model);
        }
        finally
        {
            Gate.ExitWriteLock();
        }
    }

    private UpsertResult UpsertLocked(LineageModel model)
    {
        var node = Find(model.Id);
        var (accepted, refused) = AcceptLinks(model, node);
        var ownRelation = ModelKindRules.OwnRelation(accepted);
        var kind = ModelKindRules.Classify(model, ownRelation);
        var created = model.CreatedAt?.UtcTicks ?? 0;
        var architecture = model.ModelType ?? (model.Architectures.Count > 0 ? model.Architectures[0] : null);

        int[]? newLinks = accepted.Count == 0 ? null : new int[accepted.Count];
        var allParentsExist = true;
        for (var i = 0; i < accepted.Count; i++)
        {
            var parent = Find(accepted[i].Id);
            if (parent < 0) { allParentsExist = false; break; }
            newLinks![i] = Pack(parent, accepted[i].Relation);
        }

        var wasKnown = node >= 0 && Known[node];
        var sameLinks = wasKnown && allParentsExist && LinksEqual(ParentLinks[node], newLinks);
        var sameFamilyData = sameLinks && CreatedTicks[node] == created && Kinds[node] == kind;
        if (sameFamilyData && Ids[node] == model.Id
            && Authors.Matches(AuthorOf[node], model.Author) && Downloads[node] == model.Downloads
            && Likes[node] == model.Likes && PipelineTags.Matches(PipelineOf[node], model.PipelineTag)
            && Architectures.Matches(ArchitectureOf[node], architecture)
            && Parameters[node] == (model.ParameterCount ?? -1))
            return new UpsertResult(UpsertOutcome.Unchanged, refused);

        var rootsBefore = node >= 0 && !sameFamilyData ? KnownRootsOf(node) : [];
        if (node >= 0) DetachFromSortedDescendants(node, !sameLinks);
        if (node < 0) node = NewNode(model.Id);
        Ids[node] = model.Id;
        if (!sameLinks) ReplaceParentLinks(node, accepted);
        SetFields(node, model, kind, created, architecture);
        if (!wasKnown)
        {
            Known[node] = true;
            ModelCount++;
            _prefixIndex.Add(node);
        }

        AttachToSortedDescendants(node, !sameLinks);
        Version++;
        if (!sameLinks) _linksVersion++;
        if (!sameFamilyData)
        {
            foreach (var root in rootsBefore) MarkFamilyChanged(root);
            foreach (var root in KnownRootsOf(node)) MarkFamilyChanged(root);
        }
        return new UpsertResult(wasKnown ? UpsertOutcome.Updated : UpsertOutcome.Added, refused);
    }

    private (List<BaseModelLink> Accepted, List<RefusedLink> Refused) AcceptLinks(LineageModel model, int node)
    {
        var accepted = new List<BaseModelLink>(model.Parents.Count);
        var refused = new List<RefusedLink>();
        foreach (var link in model.Parents)
        {
            if (string.Equals(link.Id, model.Id, StringComparison.OrdinalIgnoreCase))
                refused.Add(new RefusedLink(link.Id, link.Relation, "a model cannot be its own parent"));
            else if (accepted.Exists(a => string.Equals(a.Id, link.Id, StringComparison.OrdinalIgnoreCase)))
                refused.Add(new RefusedLink(link.Id, link.Relation, "the parent is listed more than once; the first link is kept"));
            else if (node >= 0 && Find(link.Id) is var parent and >= 0 && IsAncestorOrSelf(node, parent))
                refused.Add(new RefusedLink(link.Id, link.Relation, $"{link.Id} already derives from {model.Id}; the link would close a cycle"));
            else
                accepted.Add(link);
        }
        return (accepted, refused);
    }

    private void ReplaceParentLinks(int node, List<BaseModelLink> accepted)
    {
        if (ParentLinks[node] is { } old)
            foreach (var link in old)
                ChildLinks.Remove(NodeOf(link), Pack(node, RelationOf(link)));
        if (accepted.Count == 0) { ParentLinks[node] = null; return; }
        var links = new int[accepted.Count];
        for (var i = 0; i < accepted.Count; i++)
        {
            var parent = Find(accepted[i].Id);
            if (parent < 0) parent = NewNode(accepted[i].Id);
            links[i] = Pack(parent, accepted[i].Relation);
            ChildLinks.Add(parent, Pack(node, accepted[i].Relation));
        }
        ParentLinks[node] = links;
    }

    private void SetFields(int node, LineageModel model, ModelKind kind, long created, string? architecture)
    {
        var author = Authors.Intern(model.Author);
        if (AuthorOf[node] != author)
        {
            if (AuthorOf[node] >= 0) AuthorModels.Remove(AuthorOf[node], node);
            if (author >= 0) AuthorModels.Add(author, node);
            AuthorOf[node] = author;
        }
        CreatedTicks[node] = created;
        Downloads[node] = model.Downloads;
        Likes[node] = model.Likes;
        PipelineOf[node] = PipelineTags.Intern(model.PipelineTag);
        ArchitectureOf[node] = Architectures.Intern(architecture);
        Parameters[node] = model.ParameterCount ?? -1;
        Kinds[node] = kind;
    }

    private static bool LinksEqual(int[]? a, int[]? b) =>
        (a is null || a.Length == 0) ? (b is null || b.Length == 0) : b is not null && a.AsSpan().SequenceEqual(b);

    private bool IsAncestorOrSelf(int candidate, int start)
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node == candidate) return true;
            if (!seen.Add(node) || ParentLinks[node] is not { } links) continue;
            foreach (var link in links) stack.Push(NodeOf(link));
        }
        return false;
    }

    /// <summary>Known models without parents that this model descends from (itself when it is one).</summary>
    internal List<int> KnownRootsOf(int start)
    {
        var roots = new List<int>();
        var seen = new HashSet<int>();
        var stack = new Stack<int>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node)) continue;
            if (ParentLinks[node] is { Length: > 0 } links)
                foreach (var link in links) stack.Push(NodeOf(link));
            else if (Known[node])
                roots.Add(node);
        }
        return roots;
    }

    private void MarkFamilyChanged(int root)
    {
        _changedRoots.Add(root);
        _seriesVersions[root] = Version;
    }

    /// <summary>
    /// Ids of the families whose adoption series changed since the last call, and forgets them.
    /// An id whose model is no longer a root (it gained a parent) means that family is gone.
    /// </summary>
    public IReadOnlyList<string> TakeChangedFamilies()
    {
        Gate.EnterWriteLock();
        try
        {
            var ids = _changedRoots.Select(root => Ids[root]).Order(StringComparer.Ordinal).ToList();
            _changedRoots.Clear();
            return ids;
        }
        finally
        {
            Gate.ExitWriteLock();
        }
    }

    /// <summary>Puts families back on the changed list, e.g. those a failed publish did not get out.</summary>
    public void MarkFamiliesChanged(IEnumerable<string> ids)
    {
        Gate.EnterWriteLock();
        try
        {
            foreach (var id in ids)
            {
                if (Find(id) is var node and >= 0)
                {
                    _changedRoots.Add(node);
                }
            }
        }
        finally
        {
            Gate.ExitWriteLock();
        }
    }
}
