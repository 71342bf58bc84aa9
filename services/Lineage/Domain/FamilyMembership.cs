using System.Buffers;
using System.Runtime.InteropServices;

namespace OpenAccess.Lineage.Domain;

/// <summary>
/// The families of every node (the known roots it descends from), found in one pass up the parent
/// links instead of one walk down from every root. Families are numbered in root node order. A
/// node's families are its parents' families combined, so only merges make new sets; everything
/// under a merge shares its set. Holds pooled arrays: dispose it.
/// </summary>
internal sealed class FamilyMembership : IDisposable
{
    private const int Unresolved = int.MinValue;
    private const int NoFamily = -1;

    /// <summary>Per node: its one family (&gt;= 0), <see cref="NoFamily"/>, or set <c>-2 - value</c> of <see cref="_sets"/>.</summary>
    private int[] _of;
    private int[] _roots;
    private readonly List<int[]> _sets = [];
    private readonly List<int> _union = [];

    public int FamilyCount { get; private set; }

    private FamilyMembership(int nodes)
    {
        _of = ArrayPool<int>.Shared.Rent(nodes);
        _roots = ArrayPool<int>.Shared.Rent(nodes);
    }

    /// <summary>The root node of a family.</summary>
    public int RootOf(int family) => _roots[family];

    /// <summary>Distinct families of a node, ascending; a root's is its own.</summary>
    public ReadOnlySpan<int> FamiliesOf(int node) => _of[node] switch
    {
        >= 0 => new ReadOnlySpan<int>(in _of[node]),
        NoFamily => [],
        var set => _sets[-2 - set],
    };

    public static FamilyMembership Of(LineageGraph graph)
    {
        var membership = new FamilyMembership(graph.Count);
        var of = membership._of;
        for (var node = 0; node < graph.Count; node++)
        {
            if (graph.HasParents(node)) of[node] = Unresolved;
            else if (!graph.Known[node]) of[node] = NoFamily;
            else
            {
                membership._roots[membership.FamilyCount] = node;
                of[node] = membership.FamilyCount++;
            }
        }

        // Parents usually come before their children in node order, so most nodes take the first
        // branch; the others climb to their unresolved ancestors first.
        var climb = new Stack<int>();
        for (var node = 0; node < graph.Count; node++)
        {
            if (of[node] != Unresolved) continue;
            if (graph.ParentLinks[node] is [var link] && of[LineageGraph.NodeOf(link)] is var only and not Unresolved)
            {
                of[node] = only;
                continue;
            }
            climb.Push(node);
            while (climb.TryPeek(out var next))
                if (of[next] != Unresolved || membership.TryResolve(graph.ParentLinks[next]!, next, climb)) climb.Pop();
        }
        return membership;
    }

    /// <summary>Combines the parents' families, or pushes the parents not resolved yet and returns false.</summary>
    private bool TryResolve(int[] links, int node, Stack<int> climb)
    {
        var ready = true;
        foreach (var link in links)
            if (_of[LineageGraph.NodeOf(link)] == Unresolved)
            {
                climb.Push(LineageGraph.NodeOf(link));
                ready = false;
            }
        if (!ready) return false;

        var first = _of[LineageGraph.NodeOf(links[0])];
        var same = true;
        for (var i = 1; i < links.Length && same; i++) same = _of[LineageGraph.NodeOf(links[i])] == first;
        _of[node] = same ? first : Combine(links);
        return true;
    }

    /// <summary>The union of the parents' families: one family, none, or a new set.</summary>
    private int Combine(int[] links)
    {
        _union.Clear();
        foreach (var link in links) _union.AddRange(FamiliesOf(LineageGraph.NodeOf(link)));
        var families = CollectionsMarshal.AsSpan(_union);
        families.Sort();
        var distinct = 0;
        foreach (var family in families)
            if (distinct == 0 || families[distinct - 1] != family) families[distinct++] = family;
        if (distinct <= 1) return distinct == 0 ? NoFamily : families[0];
        _sets.Add(families[..distinct].ToArray());
        return -2 - (_sets.Count - 1);
    }

    public void Dispose()
    {
        if (_of is null) return;
        ArrayPool<int>.Shared.Return(_of);
        ArrayPool<int>.Shared.Return(_roots);
        _of = _roots = null!;
    }
}
