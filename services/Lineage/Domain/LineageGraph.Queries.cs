using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

public sealed partial class LineageGraph
{
    /// <summary>The model, or null when the id was never seen, not even as a parent.</summary>
    public ModelView? GetModel(string id) => Read(() =>
    {
        var node = Find(id);
        if (node < 0) return null;
        var parents = ParentLinks[node] is { } links
            ? links.Select(l => new BaseModelLink(Ids[NodeOf(l)], RelationOf(l))).ToList()
            : [];
        return new ModelView(
            Ids[node], !Known[node], Authors[AuthorOf[node]], CreatedAt(node), Downloads[node], Likes[node],
            PipelineTags[PipelineOf[node]], Architectures[ArchitectureOf[node]],
            Parameters[node] < 0 ? null : Parameters[node], Known[node] ? Kinds[node] : null,
            parents, CountChildren(node),
            KnownRootsOf(node).Select(r => Ids[r]).Order(StringComparer.Ordinal).ToList());
    });

    /// <summary>Whether the id is a model the graph has seen (not only named as a parent), in any spelling.</summary>
    public bool Knows(string id) => Read(() => Find(id) is var node and >= 0 && Known[node]);

    public ChildrenCounts? GetChildrenCounts(string id) => Read(() => Find(id) is var node and >= 0 ? CountChildren(node) : null);

    private ChildrenCounts CountChildren(int node)
    {
        Span<int> counts = stackalloc int[4];
        foreach (var link in ChildLinks.Get(node)) counts[link & 3]++;
        return new ChildrenCounts(counts[0], counts[1], counts[2], counts[3]);
    }

    /// <summary>
    /// Every way up to a root, at most <paramref name="maxPaths"/> of them (merges multiply them), found
    /// depth-first without recursion; <see cref="AncestorPaths.Truncated"/> says there were more. Each
    /// path has at most <see cref="GraphLimits.MaxDepth"/> steps. Null for an unknown id.
    /// </summary>
    public AncestorPaths? GetAncestors(string id, int maxPaths = 100) => Read(() =>
    {
        var start = Find(id);
        if (start < 0) return null;
        var paths = new List<AncestorPath>();
        var steps = new List<BaseModelLink>();
        // The way up so far: each node on it with the index of its next parent link to follow.
        var trail = new Stack<(int Node, int Next)>();
        trail.Push((start, 0));
        var truncated = false;
        while (trail.TryPop(out var at))
        {
            var links = ParentLinks[at.Node];
            if (links is not null && at.Next < links.Length)
            {
                trail.Push((at.Node, at.Next + 1));
                var link = links[at.Next];
                steps.Add(new BaseModelLink(Ids[NodeOf(link)], RelationOf(link)));
                trail.Push((NodeOf(link), 0));
                continue;
            }
            if (links is null && steps.Count > 0)
            {
                if (paths.Count == maxPaths)
                {
                    truncated = true;
                    break;
                }
                paths.Add(new AncestorPath(steps.ToList(), !Known[at.Node]));
            }
            if (steps.Count > 0) steps.RemoveAt(steps.Count - 1);
        }
        return new AncestorPaths(Ids[start], paths, truncated);
    });

    /// <summary>
    /// The nearest ancestor that <paramref name="matches"/>: fewest steps up over every path (breadth-first,
    /// each ancestor once), ties at one distance to the smaller id. Null when none does or the id is unknown.
    /// </summary>
    public string? NearestAncestor(string id, Func<string, bool> matches) => Read(() =>
    {
        var start = Find(id);
        if (start < 0) return null;
        var seen = new HashSet<int> { start };
        var level = new List<int> { start };
        while (level.Count > 0)
        {
            var next = new List<int>();
            string? found = null;
            foreach (var node in level)
                foreach (var link in ParentLinks[node] ?? [])
                {
                    var parent = NodeOf(link);
                    if (!seen.Add(parent)) continue;
                    next.Add(parent);
                    if ((found is null || string.CompareOrdinal(Ids[parent], found) < 0) && matches(Ids[parent])) found = Ids[parent];
                }
            if (found is not null) return found;
            level = next;
        }
        return null;
    });

    /// <summary>Known models whose id starts with <paramref name="prefix"/> (case-insensitive), in id order.</summary>
    public IReadOnlyList<ModelSummary> SearchById(string prefix, int limit = 50) => Read(() =>
        (IReadOnlyList<ModelSummary>)_prefixIndex.Find(prefix, limit).Select(Summary).ToList());

    /// <summary>Known models of an author (case-insensitive), newest first.</summary>
    public IReadOnlyList<ModelSummary> SearchByAuthor(string author, int limit = 50, int offset = 0) => Read(() =>
    {
        var index = Authors.Find(author);
        if (index < 0) return (IReadOnlyList<ModelSummary>)[];
        return AuthorModels.Get(index).ToArray()
            .OrderByDescending(n => CreatedTicks[n]).ThenBy(n => Ids[n], StringComparer.Ordinal)
            .Skip(offset).Take(limit).Select(Summary).ToList();
    });

    /// <summary>
    /// The <paramref name="limit"/> known models first by <paramref name="sort"/>, largest first, ties by id (the descendants'
    /// order over the whole graph): one pass over the nodes keeping a bounded heap, so the cost is the graph's size times
    /// log <paramref name="limit"/>, whatever the size. Undated models are not among the newest.
    /// </summary>
    public IReadOnlyList<ModelSummary> TopModels(DescendantSort sort, int limit) => Read(() =>
    {
        var order = new PageOrder(KeysFor(sort), Ids, descending: true);
        var worstFirst = new PriorityQueue<int, int>(limit + 1, Comparer<int>.Create((a, b) => order.Compare(b, a)));
        for (var node = 0; node < Count; node++)
        {
            if (!Known[node] || sort == DescendantSort.CreatedAt && CreatedTicks[node] == 0) continue;
            if (worstFirst.Count < limit) worstFirst.Enqueue(node, node);
            else if (order.Compare(node, worstFirst.Peek()) < 0) worstFirst.DequeueEnqueue(node, node);
        }

        var top = new int[worstFirst.Count];
        for (var i = top.Length - 1; i >= 0; i--) top[i] = worstFirst.Dequeue();
        return (IReadOnlyList<ModelSummary>)top.Select(Summary).ToList();
    });

    private ModelSummary Summary(int node) =>
        new(Ids[node], Authors[AuthorOf[node]], CreatedAt(node), Downloads[node], Likes[node], Kinds[node]);

    internal T Read<T>(Func<T> query)
    {
        Gate.EnterReadLock();
        try
        {
            return query();
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    /// <summary>
    /// The model at <paramref name="node"/> as a record the graph would take again unchanged: every field it keeps, its accepted
    /// parent links, and <paramref name="tags"/> (the graph keeps no tags; a caller that needs the kind of a model given other
    /// links passes the tag that sets it). Null for a pending parent. The last-modified time is left out: it only ever moved
    /// <see cref="ObservedAt"/>, which keeps it.
    /// </summary>
    internal LineageModel? RecordOf(int node, IReadOnlyList<string> tags) => Read(() => !Known[node] ? null : new LineageModel
    {
        Id = Ids[node],
        Author = Authors[AuthorOf[node]] ?? "",
        CreatedAt = CreatedAt(node),
        Downloads = Downloads[node],
        Likes = Likes[node],
        PipelineTag = PipelineTags[PipelineOf[node]],
        Tags = tags,
        ModelType = Architectures[ArchitectureOf[node]],
        ParameterCount = Parameters[node] < 0 ? null : Parameters[node],
        Parents = ParentsOf(node),
    });
}
