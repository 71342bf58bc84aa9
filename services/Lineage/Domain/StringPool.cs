namespace OpenAccess.Lineage.Domain;

/// <summary>Interns repeated strings (authors, architectures, pipeline tags) to small ints.</summary>
internal sealed class StringPool(StringComparer comparer)
{
    private readonly Dictionary<string, int> _index = new(comparer);
    private readonly List<string> _values = [];

    public int Count => _values.Count;

    public int Intern(string? value)
    {
        if (string.IsNullOrEmpty(value)) return -1;
        if (_index.TryGetValue(value, out var i)) return i;
        _index.Add(value, _values.Count);
        _values.Add(value);
        return _values.Count - 1;
    }

    public int Find(string value) => _index.TryGetValue(value, out var i) ? i : -1;

    /// <summary>True when <paramref name="index"/> (as <see cref="Intern"/> gave it) stands for <paramref name="value"/>.</summary>
    public bool Matches(int index, string? value) =>
        index < 0 ? string.IsNullOrEmpty(value) : value is not null && comparer.Equals(_values[index], value);

    public string? this[int i] => i < 0 ? null : _values[i];
}
