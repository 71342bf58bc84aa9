using System.Buffers;

namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>
/// The sum of the k largest of many counts that only ever go up by one. The k members are kept with
/// the smallest of their counts, so raising a count outside them costs one compare. Ties do not
/// matter: only the sum is asked for. Dispose it.
/// </summary>
internal sealed class LargestCountsSum : IDisposable
{
    private readonly int[] _counts;
    private readonly List<int> _members = [];
    private bool[] _isMember;
    private int _smallest;

    /// <param name="counts">The counts, all zero at the start; the owner raises them and calls <see cref="Raised"/>.</param>
    /// <param name="length">How many of <paramref name="counts"/> are in use.</param>
    /// <param name="k">How many of the largest are summed.</param>
    public LargestCountsSum(int[] counts, int length, int k)
    {
        _counts = counts;
        _isMember = ArrayPool<bool>.Shared.Rent(Math.Max(1, length));
        Array.Clear(_isMember, 0, length);
        for (var n = 0; n < Math.Min(k, length); n++)
        {
            _members.Add(n);
            _isMember[n] = true;
        }
        // With k <= 0 nothing ever gets in; with k >= length everything already is.
        _smallest = _members.Count == 0 ? int.MaxValue : 0;
    }

    public int Sum { get; private set; }

    /// <summary>Call after the count at <paramref name="index"/> went up by one.</summary>
    public void Raised(int index)
    {
        var count = _counts[index];
        if (_isMember[index])
        {
            Sum++;
            if (count - 1 == _smallest) _smallest = SmallestMemberCount();
        }
        else if (count > _smallest)
        {
            var at = 0;
            while (_counts[_members[at]] != _smallest) at++;
            _isMember[_members[at]] = false;
            _members[at] = index;
            _isMember[index] = true;
            Sum += count - _smallest;
            _smallest = SmallestMemberCount();
        }
    }

    private int SmallestMemberCount()
    {
        var smallest = int.MaxValue;
        foreach (var member in _members) smallest = Math.Min(smallest, _counts[member]);
        return smallest;
    }

    public void Dispose()
    {
        if (_isMember is null) return;
        ArrayPool<bool>.Shared.Return(_isMember);
        _isMember = null!;
    }
}
