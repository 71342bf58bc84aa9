namespace OpenAccess.Lineage.Domain;

/// <summary>Many small growable int lists keyed by an int, without a List object per key.</summary>
internal sealed class IntListPool
{
    private int[]?[] _items = new int[]?[16];
    private int[] _counts = new int[16];

    public void EnsureKey(int key)
    {
        if (key < _counts.Length) return;
        var size = Math.Max(key + 1, _counts.Length * 2);
        Array.Resize(ref _items, size);
        Array.Resize(ref _counts, size);
    }

    public void Add(int key, int value)
    {
        EnsureKey(key);
        var list = _items[key];
        var count = _counts[key];
        if (list is null) _items[key] = list = new int[2];
        else if (count == list.Length) { Array.Resize(ref list, count * 2); _items[key] = list; }
        list[count] = value;
        _counts[key] = count + 1;
    }

    /// <summary>Removes the first occurrence, keeping the order of the rest.</summary>
    public bool Remove(int key, int value)
    {
        if (key >= _counts.Length || _items[key] is not { } list) return false;
        var count = _counts[key];
        var at = Array.IndexOf(list, value, 0, count);
        if (at < 0) return false;
        Array.Copy(list, at + 1, list, at, count - at - 1);
        _counts[key] = count - 1;
        return true;
    }

    public ReadOnlySpan<int> Get(int key) =>
        key < _counts.Length && _items[key] is { } list ? list.AsSpan(0, _counts[key]) : default;
}
