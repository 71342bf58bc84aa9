namespace OpenAccess.Lineage.Domain;

/// <summary>
/// Node by id, case-insensitive: an open-addressing table of node numbers whose keys are the graph's own id strings
/// (<paramref name="idOf"/>), so an entry is one int. A <c>Dictionary&lt;string, int&gt;</c> holds 24 bytes an entry plus a
/// bucket, and grows by doubling to a prime: at 2 M models about 80 MB a graph against 17 MB here (docs/lineage.md "Memory and
/// cost"). At most half the slots are used, so a lookup probes about two. Safe for one writer and many readers, as the graph.
/// </summary>
internal sealed class NodeIndex(Func<int, string> idOf)
{
    /// <summary>node + 1 per slot; 0 is empty.</summary>
    private int[] _slots = new int[512];
    private int _count;

    public int Count => _count;

    public bool TryGetValue(string id, out int node)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var at = Hash(id) & mask; slots[at] != 0; at = (at + 1) & mask)
        {
            if (string.Equals(idOf(slots[at] - 1), id, StringComparison.OrdinalIgnoreCase))
            {
                node = slots[at] - 1;
                return true;
            }
        }
        node = -1;
        return false;
    }

    /// <summary>Adds a node whose id is not in the table yet (the graph looks it up first).</summary>
    public void Add(int node)
    {
        if ((_count + 1) * 2 > _slots.Length) Grow();
        Place(_slots, node);
        _count++;
    }

    private void Place(int[] slots, int node)
    {
        var mask = slots.Length - 1;
        var at = Hash(idOf(node)) & mask;
        while (slots[at] != 0) at = (at + 1) & mask;
        slots[at] = node + 1;
    }

    /// <summary>Fills a table twice the size, then swaps it in: a reader sees the old table or the new, both whole.</summary>
    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        foreach (var entry in _slots)
            if (entry != 0) Place(slots, entry - 1);
        _slots = slots;
    }

    /// <summary>.NET randomises string hashes per process, so no one can choose ids that collide here (a probe chain stays short).</summary>
    private static int Hash(string id) => string.GetHashCode(id, StringComparison.OrdinalIgnoreCase) & int.MaxValue;
}
