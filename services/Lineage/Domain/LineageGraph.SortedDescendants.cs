using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

public sealed partial class LineageGraph
{
    private const int SortedDescendantsCapacity = 64;
    private readonly int _sortedDescendantsMinimum;
    private readonly Lock _sortedDescendantsGate = new();
    private readonly Dictionary<(int Start, DescendantSort Sort, bool Descending), SortedDescendants> _sortedDescendants = [];

    /// <param name="sortedDescendantsMinimum">
    /// Models with at least this many descendants keep them sorted per sort order, repaired on every
    /// write, so their pages cost the page and not a walk of the whole family.
    /// </param>
    /// <param name="limits">Depth, parents and id limits; <see cref="GraphLimits.Default"/> when null.</param>
    public LineageGraph(int sortedDescendantsMinimum = 2_000, GraphLimits? limits = null)
    {
        _prefixIndex = new IdPrefixIndex(i => Ids[i]);
        _index = new NodeIndex(i => Ids[i]);
        _sortedDescendantsMinimum = Math.Max(0, sortedDescendantsMinimum);
        Limits = limits ?? GraphLimits.Default;
    }

    /// <summary>All descendants of a model in page order, with their depth and own relation.</summary>
    private sealed class SortedDescendants(List<int> nodes, List<int> depths, List<BaseModelRelation> relations)
    {
        public List<int> Nodes { get; } = nodes;
        public List<int> Depths { get; } = depths;
        public List<BaseModelRelation> Relations { get; } = relations;
    }

    private long[] KeysFor(DescendantSort sort) => sort switch
    {
        DescendantSort.Downloads => Downloads,
        DescendantSort.Likes => Likes,
        _ => CreatedTicks,
    };

    private SortedDescendants? CachedSortedDescendants(int start, DescendantQuery query)
    {
        lock (_sortedDescendantsGate)
            return _sortedDescendants.GetValueOrDefault((start, query.Sort, query.Descending));
    }

    private SortedDescendants CacheSortedDescendants(int start, DescendantQuery query, DescendantWalk walk, PageOrder order)
    {
        var nodes = new int[walk.Count];
        var depths = new int[walk.Count];
        var at = 0;
        foreach (var (node, depth) in walk) (nodes[at], depths[at++]) = (node, depth);
        Array.Sort(nodes, depths, Comparer<int>.Create(order.Compare));
        var sorted = new SortedDescendants([.. nodes], [.. depths], nodes.Select(n => OwnRelation(n)!.Value).ToList());
        lock (_sortedDescendantsGate)
        {
            if (_sortedDescendants.Count >= SortedDescendantsCapacity) _sortedDescendants.Clear();
            _sortedDescendants[(start, query.Sort, query.Descending)] = sorted;
        }
        return sorted;
    }

    private DescendantPage PageFromSorted(SortedDescendants sorted, DescendantQuery query, PageOrder order, long[] keys, int limit)
    {
        var nodes = sorted.Nodes;
        bool Matches(int i) => sorted.Depths[i] <= query.MaxDepth && (query.Relation is not { } r || sorted.Relations[i] == r);

        var total = nodes.Count;
        if (query.Relation is not null || query.MaxDepth < int.MaxValue)
        {
            total = 0;
            for (var i = 0; i < nodes.Count; i++) if (Matches(i)) total++;
        }

        var from = query.After is { } after ? LowerBound(nodes, n => order.IsAfter(n, after)) : 0;
        var page = new List<DescendantItem>(Math.Min(limit, nodes.Count));
        var more = false;
        for (var i = from; i < nodes.Count; i++)
        {
            if (!Matches(i)) continue;
            if (page.Count == limit) { more = true; break; }
            page.Add(Item(nodes[i], sorted.Depths[i]));
        }
        return new DescendantPage(page, total, more ? CursorAt(page[^1], keys) : null);
    }

    /// <summary>First index whose node satisfies <paramref name="isAtOrAfter"/>, which is monotone over the list.</summary>
    private static int LowerBound(List<int> nodes, Func<int, bool> isAtOrAfter)
    {
        int lo = 0, hi = nodes.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (isAtOrAfter(nodes[mid])) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    private static int IndexOf(SortedDescendants sorted, PageOrder order, int node)
    {
        var at = LowerBound(sorted.Nodes, n => order.Compare(n, node) >= 0);
        return at < sorted.Nodes.Count && sorted.Nodes[at] == node ? at : sorted.Nodes.IndexOf(node);
    }

    /// <summary>Before a model changes: takes it out of the sorted descendants of its ancestors (under the write lock).</summary>
    private void DetachFromSortedDescendants(int node, bool linksChange) => RepairSortedDescendants(node, linksChange, attach: false);

    /// <summary>After a model changed: puts it back in at its new place and depth.</summary>
    private void AttachToSortedDescendants(int node, bool linksChange) => RepairSortedDescendants(node, linksChange, attach: true);

    private void RepairSortedDescendants(int node, bool linksChange, bool attach)
    {
        lock (_sortedDescendantsGate)
        {
            if (_sortedDescendants.Count == 0) return;
            var stale = new List<(int, DescendantSort, bool)>();
            foreach (var (key, sorted) in _sortedDescendants)
            {
                if (key.Start == node || !IsAncestorOrSelf(key.Start, node)) continue;
                // A model with descendants moving between parents moves its whole subtree: rebuild later.
                if (linksChange && !ChildLinks.Get(node).IsEmpty) { stale.Add(key); continue; }
                var order = new PageOrder(KeysFor(key.Sort), Ids, key.Descending);
                if (attach) Insert(sorted, order, key.Start, node);
                else if (IndexOf(sorted, order, node) is var at and >= 0) RemoveAt(sorted, at);
            }
            foreach (var key in stale) _sortedDescendants.Remove(key);
        }
    }

    private void Insert(SortedDescendants sorted, PageOrder order, int start, int node)
    {
        var depth = int.MaxValue;
        foreach (var link in ParentLinks[node] ?? [])
        {
            var parent = NodeOf(link);
            if (parent == start) depth = 1;
            else if (IsAncestorOrSelf(start, parent) && IndexOf(sorted, order, parent) is var at and >= 0)
                depth = Math.Min(depth, sorted.Depths[at] + 1);
        }
        var position = LowerBound(sorted.Nodes, n => order.Compare(n, node) > 0);
        sorted.Nodes.Insert(position, node);
        sorted.Depths.Insert(position, depth);
        sorted.Relations.Insert(position, OwnRelation(node)!.Value);
    }

    private static void RemoveAt(SortedDescendants sorted, int at)
    {
        sorted.Nodes.RemoveAt(at);
        sorted.Depths.RemoveAt(at);
        sorted.Relations.RemoveAt(at);
    }
}
