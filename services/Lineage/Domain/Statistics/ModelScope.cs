using System.Buffers;

namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>
/// The known models a statistics filter keeps (all, one family's root and descendants, and/or one
/// author's), in a pooled array: a list of two million nodes per statistic would otherwise land on
/// the large-object heap and bring on full collections. Dispose it.
/// </summary>
internal sealed class ModelScope : IDisposable
{
    private int[] _nodes;
    private int _count;

    private ModelScope(int capacity) => _nodes = ArrayPool<int>.Shared.Rent(Math.Max(1, capacity));

    public ReadOnlySpan<int> Nodes => _nodes.AsSpan(0, _count);

    /// <summary>Null when the filter names a family that is not a known root.</summary>
    public static ModelScope? Of(LineageGraph graph, StatisticsFilter filter)
    {
        var author = filter.Author is { } name ? graph.Authors.Find(name) : -2;
        if (filter.FamilyId is { } familyId)
        {
            var root = graph.Find(familyId);
            if (root < 0 || !graph.IsKnownRoot(root)) return null;
            using var walk = graph.WalkDescendants(root);
            var family = new ModelScope(walk.Count + 1);
            family.AddIfBy(graph, root, author);
            foreach (var (node, _) in walk) family.AddIfBy(graph, node, author);
            return family;
        }
        if (author >= 0)
        {
            var theirs = graph.AuthorModels.Get(author);
            var scope = new ModelScope(theirs.Length);
            theirs.CopyTo(scope._nodes);
            scope._count = theirs.Length;
            return scope;
        }
        var all = new ModelScope(author == -2 ? graph.Count : 0);
        if (author == -2)
            for (var node = 0; node < graph.Count; node++)
                if (graph.Known[node]) all._nodes[all._count++] = node;
        return all;
    }

    /// <summary>Adds the node when no author is asked for (-2) or it is that author's (an unknown author, -1, has none).</summary>
    private void AddIfBy(LineageGraph graph, int node, int author)
    {
        if (author == -2 || (author >= 0 && graph.AuthorOf[node] == author)) _nodes[_count++] = node;
    }

    public void Dispose()
    {
        if (_nodes is null) return;
        ArrayPool<int>.Shared.Return(_nodes);
        _nodes = null!;
    }
}
