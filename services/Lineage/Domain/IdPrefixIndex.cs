using System.Runtime.InteropServices;

namespace OpenAccess.Lineage.Domain;

/// <summary>
/// Model indices sorted by id (case-insensitive) for prefix search. New ids wait in a small tail
/// that is scanned by queries and merged in by inserts once it grows, so an insert never re-sorts
/// millions of ids and a query never writes (queries run in parallel under a read lock).
/// </summary>
internal sealed class IdPrefixIndex(Func<int, string> idOf)
{
    private static readonly StringComparer Order = StringComparer.OrdinalIgnoreCase;
    private int[] _sorted = new int[1024];
    private int _sortedCount;
    private readonly List<int> _tail = [];

    public void Add(int node)
    {
        _tail.Add(node);
        if (_tail.Count > Math.Max(1024, _sortedCount / 16)) MergeTail();
    }

    public List<int> Find(string prefix, int limit)
    {
        var found = new List<int>();
        for (var at = LowerBound(prefix); at < _sortedCount && found.Count < limit; at++)
        {
            if (!idOf(_sorted[at]).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) break;
            found.Add(_sorted[at]);
        }
        foreach (var node in _tail)
            if (idOf(node).StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) found.Add(node);
        found.Sort((a, b) => Order.Compare(idOf(a), idOf(b)));
        if (found.Count > limit) found.RemoveRange(limit, found.Count - limit);
        return found;
    }

    private int LowerBound(string prefix)
    {
        int lo = 0, hi = _sortedCount;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Order.Compare(idOf(_sorted[mid]), prefix) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Sorts the tail and merges it in from the back, in place: no large array per merge.</summary>
    private void MergeTail()
    {
        var tail = CollectionsMarshal.AsSpan(_tail);
        tail.Sort((a, b) => Order.Compare(idOf(a), idOf(b)));
        var total = _sortedCount + tail.Length;
        if (total > _sorted.Length) Array.Resize(ref _sorted, Math.Max(total, _sorted.Length * 2));
        int i = _sortedCount - 1, j = tail.Length - 1, k = total - 1;
        while (j >= 0)
            _sorted[k--] = i >= 0 && Order.Compare(idOf(_sorted[i]), idOf(tail[j])) > 0 ? _sorted[i--] : tail[j--];
        _sortedCount = total;
        _tail.Clear();
    }
}
