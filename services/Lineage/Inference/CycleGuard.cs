namespace OpenAccess.Lineage.Inference;

/// <summary>
/// The declared links plus the links inferred so far, walked upwards to refuse a link that would close a cycle. A walk
/// that passes its limit refuses the link too: an unchecked link is never added.
/// </summary>
internal sealed class CycleGuard
{
    readonly int[]?[] parents;
    readonly int[] seen;
    readonly int maxWalk;
    int stamp;
    readonly Stack<int> stack = new();

    public CycleGuard(InferenceIndex index, int maxWalk)
    {
        this.maxWalk = maxWalk;
        parents = new int[]?[index.Models.Count];
        seen = new int[index.Models.Count];
        var known = new List<int>();
        for (var i = 0; i < index.Models.Count; i++)
        {
            if (!index.Models.IsModel(i) || !index.Models.DeclaresParents(i)) continue;
            known.Clear();
            index.Models.DeclaredParents(i, known);
            known.Remove(i);
            if (known.Count > 0) parents[i] = [.. known];
        }
    }

    /// <summary>Adds child → parent unless the parent already descends from the child.</summary>
    public bool TryLink(int child, int parent)
    {
        if (child == parent || Reaches(parent, child)) return false;
        parents[child] = parents[child] is { } existing ? [.. existing, parent] : [parent];
        return true;
    }

    bool Reaches(int from, int target)
    {
        stamp++;
        stack.Clear();
        stack.Push(from);
        seen[from] = stamp;
        var visited = 0;
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node == target || ++visited > maxWalk) return true;
            if (parents[node] is not { } up) continue;
            foreach (var p in up)
                if (seen[p] != stamp) { seen[p] = stamp; stack.Push(p); }
        }
        return false;
    }
}
