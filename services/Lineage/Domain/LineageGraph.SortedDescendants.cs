using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

public sealed partial class LineageGraph
{
    private const int SortedDescendantsCapacity = 64;
    private readonly int _sortedDescendantsMinimum;
    private readonly Lock _sortedDescendantsGate = new();
    private readonly Dictionary<(int Start, DescendantSort Sort, bool Descending), SortedDescendants> _sortedDescendants = [];

    /// <summary>Bumped when any model's creation time, downloads or likes change (index: <see cref="DescendantSort"/>).</summary>
    private readonly long[] _sortKeyVersions = new long[3];

    /// <param name="sortedDescendantsMinimum">
    /// Families with at least this many descendants keep a sorted copy per sort order, so their pages
    /// do not walk the whole family each time.
    /// </param>
    public LineageGraph(int sortedDescendantsMinimum = 2_000)
    {
        _prefixIndex = new IdPrefixIndex(i => Ids[i]);
        _sortedDescendantsMinimum = Math.Max(0, sortedDescendantsMinimum);
    }

    /// <summary>All descendants of a model in page order, with their depth and own relation.</summary>
    private sealed record SortedDescendants(long LinksVersion, long KeysVersion, int[] Nodes, int[] Depths, BaseModelRelation[] Relations);

    private SortedDescendants? CachedSortedDescendants(int start, DescendantQuery query)
    {
        lock (_sortedDescendantsGate)
        {
            return _sortedDescendants.TryGetValue((start, query.Sort, query.Descending), out var sorted)
                && sorted.LinksVersion == _linksVersion && sorted.KeysVersion == _sortKeyVersions[(int)query.Sort]
                ? sorted : null;
        }
    }

    private SortedDescendants CacheSortedDescendants(int start, DescendantQuery query, DescendantWalk walk, PageOrder order)
    {
        var nodes = new int[walk.Count];
        var depths = new int[walk.Count];
        var at = 0;
        foreach (var (node, depth) in walk) (nodes[at], depths[at++]) = (node, depth);
        Array.Sort(nodes, depths, Comparer<int>.Create(order.Compare));
        var relations = nodes.Select(n => OwnRelation(n)!.Value).ToArray();
        var sorted = new SortedDescendants(_linksVersion, _sortKeyVersions[(int)query.Sort], nodes, depths, relations);
        lock (_sortedDescendantsGate)
        {
            if (_sortedDescendants.Count >= SortedDescendantsCapacity) _sortedDescendants.Clear();
            _sortedDescendants[(start, query.Sort, query.Descending)] = sorted;
        }
        return sorted;
    }

    private DescendantPage PageFromSorted(SortedDescendants sorted, DescendantQuery query, PageOrder order, long[] keys, int limit)
    {
        var filtered = query.Relation is not null || query.MaxDepth < int.MaxValue;
        bool Matches(int i) => sorted.Depths[i] <= query.MaxDepth && (query.Relation is not { } r || sorted.Relations[i] == r);

        var total = sorted.Nodes.Length;
        if (filtered)
        {
            total = 0;
            for (var i = 0; i < sorted.Nodes.Length; i++) if (Matches(i)) total++;
        }

        int lo = 0, hi = sorted.Nodes.Length;
        if (query.After is { } after)
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (order.IsAfter(sorted.Nodes[mid], after)) hi = mid; else lo = mid + 1;
            }

        var page = new List<DescendantItem>(Math.Min(limit, sorted.Nodes.Length));
        var more = false;
        for (var i = lo; i < sorted.Nodes.Length; i++)
        {
            if (!Matches(i)) continue;
            if (page.Count == limit) { more = true; break; }
            page.Add(Item(sorted.Nodes[i], sorted.Depths[i]));
        }
        return new DescendantPage(page, total, more ? CursorAt(page[^1], keys) : null);
    }

    private void NoteSortKeyChanges(int node, long created, long downloads, long likes)
    {
        if (CreatedTicks[node] != created) _sortKeyVersions[(int)DescendantSort.CreatedAt]++;
        if (Downloads[node] != downloads) _sortKeyVersions[(int)DescendantSort.Downloads]++;
        if (Likes[node] != likes) _sortKeyVersions[(int)DescendantSort.Likes]++;
    }
}
