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

    public ChildrenCounts? GetChildrenCounts(string id) => Read(() => Find(id) is var node and >= 0 ? CountChildren(node) : null);

    private ChildrenCounts CountChildren(int node)
    {
        Span<int> counts = stackalloc int[4];
        foreach (var link in ChildLinks.Get(node)) counts[link & 3]++;
        return new ChildrenCounts(counts[0], counts[1], counts[2], counts[3]);
    }

    /// <summary>Every way up to a root (at most <paramref name="maxPaths"/>, merges multiply them); null for an unknown id.</summary>
    public IReadOnlyList<AncestorPath>? GetAncestors(string id, int maxPaths = 100) => Read(() =>
    {
        var node = Find(id);
        if (node < 0) return null;
        var paths = new List<AncestorPath>();
        CollectPaths(node, [], paths, maxPaths);
        return (IReadOnlyList<AncestorPath>)paths;
    });

    private void CollectPaths(int node, List<BaseModelLink> steps, List<AncestorPath> paths, int maxPaths)
    {
        if (ParentLinks[node] is not { Length: > 0 } links)
        {
            if (steps.Count > 0) paths.Add(new AncestorPath(steps.ToList(), !Known[node]));
            return;
        }
        foreach (var link in links)
        {
            if (paths.Count >= maxPaths) return;
            steps.Add(new BaseModelLink(Ids[NodeOf(link)], RelationOf(link)));
            CollectPaths(NodeOf(link), steps, paths, maxPaths);
            steps.RemoveAt(steps.Count - 1);
        }
    }

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
}
