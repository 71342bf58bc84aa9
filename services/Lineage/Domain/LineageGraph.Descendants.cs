using System.Buffers;

namespace OpenAccess.Lineage.Domain;

public sealed partial class LineageGraph
{
    /// <summary>
    /// One page of the distinct descendants of a model, each at its shortest distance from it.
    /// Null when the id was never seen. A small family costs one walk plus a heap of page size; a
    /// large one is sorted once and kept, repaired by every write.
    /// </summary>
    public DescendantPage? GetDescendants(string id, DescendantQuery query) => Read(() =>
    {
        var start = Find(id);
        if (start < 0) return null;
        var keys = KeysFor(query.Sort);
        var order = new PageOrder(keys, Ids, query.Descending);
        var limit = Math.Max(1, query.Limit);
        if (CachedSortedDescendants(start, query) is { } cached) return PageFromSorted(cached, query, order, keys, limit);

        using var walk = WalkDescendants(start);
        if (walk.Count >= _sortedDescendantsMinimum)
            return PageFromSorted(CacheSortedDescendants(start, query, walk, order), query, order, keys, limit);
        return PageFromWalk(walk, query, order, keys, limit);
    });

    private DescendantPage PageFromWalk(DescendantWalk walk, DescendantQuery query, PageOrder order, long[] keys, int limit)
    {
        var worstFirst = new PriorityQueue<(int Node, int Depth), int>(limit + 1, Comparer<int>.Create((a, b) => order.Compare(b, a)));
        int total = 0, remaining = 0;
        foreach (var (node, depth) in walk)
        {
            if (depth > query.MaxDepth || (query.Relation is { } relation && OwnRelation(node) != relation)) continue;
            total++;
            if (query.After is { } after && !order.IsAfter(node, after)) continue;
            remaining++;
            if (worstFirst.Count < limit) worstFirst.Enqueue((node, depth), node);
            else if (order.Compare(node, worstFirst.Peek().Node) < 0) worstFirst.DequeueEnqueue((node, depth), node);
        }

        var page = new DescendantItem[worstFirst.Count];
        for (var i = page.Length - 1; i >= 0; i--)
        {
            var (node, depth) = worstFirst.Dequeue();
            page[i] = Item(node, depth);
        }
        return new DescendantPage(page, total, remaining > page.Length ? CursorAt(page[^1], keys) : null);
    }

    private DescendantItem Item(int node, int depth) => new(Ids[node], Authors[AuthorOf[node]], depth,
        OwnRelation(node)!.Value, Kinds[node], CreatedAt(node), Downloads[node], Likes[node]);

    private DescendantCursor CursorAt(DescendantItem last, long[] keys) => new(keys[Find(last.Id)], last.Id);

    /// <summary>Breadth-first walk down: each distinct descendant once, at its shortest depth.</summary>
    internal DescendantWalk WalkDescendants(int start, int maxDepth = int.MaxValue)
    {
        var walk = new DescendantWalk(start);
        if (ChildLinks.Get(start).IsEmpty) return walk;
        var words = (Count + 63) >> 6;
        var seen = ArrayPool<ulong>.Shared.Rent(words);
        Array.Clear(seen, 0, words);
        for (var at = 0; at < walk.Entries; at++)
        {
            var (parent, depth) = (walk.NodeAt(at), walk.DepthAt(at));
            if (depth == maxDepth) break;
            foreach (var link in ChildLinks.Get(parent))
            {
                var child = NodeOf(link);
                ref var word = ref seen[child >> 6];
                if ((word & (1UL << child)) != 0) continue;
                word |= 1UL << child;
                walk.Add(child, depth + 1);
            }
        }
        ArrayPool<ulong>.Shared.Return(seen);
        return walk;
    }

    private sealed class PageOrder(long[] keys, string[] ids, bool descending)
    {
        /// <summary>Negative when <paramref name="a"/> comes first on the pages.</summary>
        public int Compare(int a, int b)
        {
            var byKey = keys[a].CompareTo(keys[b]);
            if (byKey != 0) return descending ? -byKey : byKey;
            return string.CompareOrdinal(ids[a], ids[b]);
        }

        public bool IsAfter(int node, DescendantCursor cursor)
        {
            var byKey = keys[node].CompareTo(cursor.Key);
            if (byKey != 0) return descending ? byKey < 0 : byKey > 0;
            return string.CompareOrdinal(ids[node], cursor.Id) > 0;
        }
    }
}
