using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

public sealed partial class LineageGraph
{
    private readonly HashSet<int> _changedRoots = [];
    private readonly Dictionary<int, long> _seriesVersions = [];

    /// <summary>Changes only when links or the set of known models change: family sizes depend on nothing else.</summary>
    private long _linksVersion;

    /// <summary>
    /// Adds a model or replaces what the graph knows of it (its parent links included). Links the graph
    /// cannot take are refused and returned with the reason: a parent id that is not a model id, the model
    /// itself, a parent listed twice, a link that would close a cycle or make a chain longer than
    /// <see cref="GraphLimits.MaxDepth"/>. Parents listed past <see cref="GraphLimits.MaxParents"/> are cut
    /// and counted. The rest is kept. The model's own id must be valid (<see cref="ModelIds"/>).
    /// </summary>
    public UpsertResult Upsert(LineageModel model)
    {
        if (ModelIds.Problem(model.Id, Limits.MaxIdLength) is { } problem)
            throw new ArgumentException($"'{model.Id}' is not a model id: {problem}.", nameof(model));
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
        Observe(model);
        var node = Find(model.Id);
        var (accepted, refused, cut) = AcceptLinks(model, node);
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
        if (sameFamilyData
            && Authors.Matches(AuthorOf[node], model.Author) && Downloads[node] == model.Downloads
            && Likes[node] == model.Likes && PipelineTags.Matches(PipelineOf[node], model.PipelineTag)
            && Architectures.Matches(ArchitectureOf[node], architecture)
            && Parameters[node] == (model.ParameterCount ?? -1))
            return Result(UpsertOutcome.Unchanged, node, refused, cut);

        var rootsBefore = node >= 0 && !sameFamilyData ? KnownRootsOf(node) : [];
        if (node >= 0) DetachFromSortedDescendants(node, !sameLinks);
        // An id keeps the spelling it was first seen with: the store and every answer use that one.
        if (node < 0) node = NewNode(model.Id);
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
        return Result(wasKnown ? UpsertOutcome.Updated : UpsertOutcome.Added, node, refused, cut);
    }

    private UpsertResult Result(UpsertOutcome outcome, int node, List<RefusedLink> refused, int cut) =>
        new(outcome, refused) { Id = Ids[node], Node = node, Parents = ParentsOf(node), ParentsCut = cut };

    private List<BaseModelLink> ParentsOf(int node) =>
        ParentLinks[node] is { } links ? links.Select(l => new BaseModelLink(Ids[NodeOf(l)], RelationOf(l))).ToList() : [];

    private (List<BaseModelLink> Accepted, List<RefusedLink> Refused, int Cut) AcceptLinks(LineageModel model, int node)
    {
        var accepted = new List<BaseModelLink>(Math.Min(model.Parents.Count, Limits.MaxParents));
        var refused = new List<RefusedLink>();
        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var current = node >= 0 ? ParentLinks[node] : null;
        var chains = new Dictionary<int, int>();
        var below = -1;
        // Only the first MaxParents listed are looked at, so a record listing 50,000 parents costs no more than one with the cap.
        var cut = Math.Max(0, model.Parents.Count - Limits.MaxParents);
        foreach (var link in model.Parents.Take(Limits.MaxParents))
        {
            if (ModelIds.Problem(link.Id, Limits.MaxIdLength) is { } problem)
            {
                refused.Add(new RefusedLink(link.Id, link.Relation, $"the parent is not a model id: {problem}"));
                continue;
            }
            if (string.Equals(link.Id, model.Id, StringComparison.OrdinalIgnoreCase))
            {
                refused.Add(new RefusedLink(link.Id, link.Relation, "a model cannot be its own parent"));
                continue;
            }
            if (!listed.Add(link.Id))
            {
                refused.Add(new RefusedLink(link.Id, link.Relation, "the parent is listed more than once; the first link is kept"));
                continue;
            }
            var parent = Find(link.Id);
            // A link the graph already has was checked when it was made; the graph's invariants still hold for it.
            if (parent >= 0 && current is not null && Array.Exists(current, l => NodeOf(l) == parent))
            {
                accepted.Add(link);
                continue;
            }
            if (node >= 0 && parent >= 0 && IsAncestorOrSelf(node, parent))
            {
                refused.Add(new RefusedLink(link.Id, link.Relation, $"{link.Id} already derives from {model.Id}; the link would close a cycle"));
                continue;
            }
            if (below < 0) below = node >= 0 ? LongestChain(node, down: true, chains: new Dictionary<int, int>()) : 0;
            var chain = (parent >= 0 ? LongestChain(parent, down: false, chains) : 0) + 1 + below;
            if (chain > Limits.MaxDepth)
            {
                refused.Add(new RefusedLink(link.Id, link.Relation,
                    $"the link would make a chain of {chain:N0} links from a root, over the limit of {Limits.MaxDepth}"));
                continue;
            }
            accepted.Add(link);
        }
        return (accepted, refused, cut);
    }

    /// <summary>
    /// Links on the longest way from <paramref name="start"/> up to a root (or down to a leaf), each node's
    /// answer kept in <paramref name="chains"/>. Iterative: a node is answered once all its parents are, so
    /// each node's links are read at most twice. The graph is acyclic, so the walk ends.
    /// </summary>
    private int LongestChain(int start, bool down, Dictionary<int, int> chains)
    {
        var pending = new Stack<int>();
        pending.Push(start);
        while (pending.TryPeek(out var node))
        {
            if (chains.ContainsKey(node))
            {
                pending.Pop();
                continue;
            }
            var longest = 0;
            var ready = true;
            foreach (var link in down ? ChildLinks.Get(node) : ParentLinks[node])
            {
                if (chains.TryGetValue(NodeOf(link), out var chain)) longest = Math.Max(longest, chain + 1);
                else
                {
                    pending.Push(NodeOf(link));
                    ready = false;
                }
            }
            if (!ready) continue;
            chains[node] = longest;
            pending.Pop();
        }
        return chains[start];
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

    /// <summary>
    /// Moves <see cref="ObservedAt"/> to the model's newest time when that is later. The maximum over every record ever
    /// upserted does not depend on the order they came in, so a replay or a restart (which upserts the stored records)
    /// gives the same date. When its day moves, every family's series changes (it runs through that day's month and
    /// names the day), so all of them are published again: at most once a day during a live harvest.
    /// </summary>
    private void Observe(LineageModel model)
    {
        var ticks = Math.Max(model.CreatedAt?.UtcTicks ?? 0, model.LastModified?.UtcTicks ?? 0);
        if (ticks <= _observedTicks) return;
        var dayMoved = ticks / TimeSpan.TicksPerDay != _observedTicks / TimeSpan.TicksPerDay;
        _observedTicks = ticks;
        if (!dayMoved) return;
        Version++;
        _observedVersion = Version;
        _allFamiliesChanged = true;
    }

    private long _observedTicks;
    private long _observedVersion;
    private bool _allFamiliesChanged;

    /// <summary>
    /// When the data was observed: the newest creation or last-modified time of any model upserted; null before the
    /// first dated one. Every adoption series runs through its month (<see cref="GetAdoptionSeries"/>).
    /// </summary>
    public DateTimeOffset? ObservedAt => _observedTicks == 0 ? null : new DateTimeOffset(_observedTicks, TimeSpan.Zero);

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
            if (_allFamiliesChanged)
            {
                for (var node = 0; node < Count; node++)
                    if (IsKnownRoot(node)) _changedRoots.Add(node);
                _allFamiliesChanged = false;
            }
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
