using System.Buffers;

namespace OpenAccess.Lineage.Domain;

/// <summary>
/// The result of a breadth-first walk down, in pooled arrays: a 50,000-member family would
/// otherwise put a large-object-heap list behind every query. Dispose it.
/// </summary>
internal struct DescendantWalk : IDisposable
{
    private int[] _nodes;
    private int[] _depths;

    /// <summary>Entries including the start node at index 0, which enumeration skips.</summary>
    private int _used;

    public DescendantWalk(int start)
    {
        _nodes = ArrayPool<int>.Shared.Rent(16);
        _depths = ArrayPool<int>.Shared.Rent(16);
        _nodes[0] = start;
        _depths[0] = 0;
        _used = 1;
    }

    public readonly int Count => _used - 1;

    internal readonly int NodeAt(int entry) => _nodes[entry];

    internal readonly int DepthAt(int entry) => _depths[entry];

    internal readonly int Entries => _used;

    internal void Add(int node, int depth)
    {
        if (_used == _nodes.Length)
        {
            _nodes = Grow(_nodes, _used);
            _depths = Grow(_depths, _used);
        }
        _nodes[_used] = node;
        _depths[_used++] = depth;
    }

    private static int[] Grow(int[] old, int used)
    {
        var bigger = ArrayPool<int>.Shared.Rent(used * 2);
        Array.Copy(old, bigger, used);
        ArrayPool<int>.Shared.Return(old);
        return bigger;
    }

    public readonly Enumerator GetEnumerator() => new(this);

    public void Dispose()
    {
        if (_nodes is null) return;
        ArrayPool<int>.Shared.Return(_nodes);
        ArrayPool<int>.Shared.Return(_depths);
        _nodes = _depths = null!;
    }

    public ref struct Enumerator(DescendantWalk walk)
    {
        private int _at;

        public bool MoveNext() => ++_at < walk._used;

        public readonly (int Node, int Depth) Current => (walk._nodes[_at], walk._depths[_at]);
    }
}
