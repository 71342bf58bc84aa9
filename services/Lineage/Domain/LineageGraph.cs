using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

/// <summary>
/// The in-memory lineage graph: models are int-indexed nodes in parallel arrays, edges are packed
/// ints (<c>node &lt;&lt; 2 | relation</c>). Safe for one writer and many readers.
/// A parent named before it is seen is a pending node until it arrives. The graph stays acyclic and no
/// chain in it is longer than <see cref="GraphLimits.MaxDepth"/> (links that would break either are
/// refused), so every walk over it is iterative and bounded.
/// </summary>
public sealed partial class LineageGraph
{
    internal readonly ReaderWriterLockSlim Gate = new();
    private readonly NodeIndex _index;
    private readonly IdPrefixIndex _prefixIndex;

    internal string[] Ids = new string[256];
    internal bool[] Known = new bool[256];
    internal int[] AuthorOf = new int[256];
    internal long[] CreatedTicks = new long[256];
    internal long[] Downloads = new long[256];
    internal long[] Likes = new long[256];
    internal int[] PipelineOf = new int[256];
    internal int[] ArchitectureOf = new int[256];
    internal long[] Parameters = new long[256];
    internal ModelKind[] Kinds = new ModelKind[256];
    /// <summary>Packed parent links; null (never empty) for a model without parents, so a null check needs no read of the array.</summary>
    internal int[]?[] ParentLinks = new int[]?[256];
    internal readonly IntListPool ChildLinks = new();
    internal readonly IntListPool AuthorModels = new();
    internal readonly StringPool Authors = new(StringComparer.OrdinalIgnoreCase);
    internal readonly StringPool Architectures = new(StringComparer.Ordinal);
    internal readonly StringPool PipelineTags = new(StringComparer.Ordinal);

    /// <summary>Nodes, pending ones included.</summary>
    internal int Count;

    /// <summary>Models seen (pending parents not counted).</summary>
    public int ModelCount { get; private set; }

    /// <summary>Increases with every change; lets a caller cache answers.</summary>
    public long Version { get; private set; }

    internal static int Pack(int node, BaseModelRelation relation) => node << 2 | (int)relation;
    internal static int NodeOf(int link) => link >>> 2;
    internal static BaseModelRelation RelationOf(int link) => (BaseModelRelation)(link & 3);

    public GraphLimits Limits { get; }

    internal int Find(string id) => _index.TryGetValue(id, out var node) ? node : -1;

    /// <summary>
    /// The id as the graph spells it: ids match case-insensitively and keep the spelling they were first
    /// seen with (as a model or as a parent). Null when the graph has never seen it.
    /// </summary>
    public string? DisplayId(string id) => Read(() => Find(id) is var node and >= 0 ? Ids[node] : null);

    /// <summary>
    /// The node of <paramref name="id"/>, matched as <see cref="DisplayId"/> matches; -1 when the graph has never seen it.
    /// Nodes are never reused, so a table kept beside the graph can be indexed by it.
    /// </summary>
    public int FindNode(string id)
    {
        Gate.EnterReadLock();
        try
        {
            return Find(id);
        }
        finally
        {
            Gate.ExitReadLock();
        }
    }

    internal DateTimeOffset? CreatedAt(int node) =>
        CreatedTicks[node] == 0 ? null : new DateTimeOffset(CreatedTicks[node], TimeSpan.Zero);

    internal bool HasParents(int node) => ParentLinks[node] is not null;

    /// <summary>The relation of the model's own link into its families; null for a root or a pending model.</summary>
    internal BaseModelRelation? OwnRelation(int node) =>
        Known[node] ? ModelKindRules.RelationOf(Kinds[node], HasParents(node)) : null;

    private int NewNode(string id)
    {
        if (Count == Ids.Length) Grow();
        var node = Count++;
        Ids[node] = id;
        AuthorOf[node] = PipelineOf[node] = ArchitectureOf[node] = -1;
        Parameters[node] = -1;
        _index.Add(node);
        return node;
    }

    private void Grow()
    {
        var size = Ids.Length * 2;
        Array.Resize(ref Ids, size);
        Array.Resize(ref Known, size);
        Array.Resize(ref AuthorOf, size);
        Array.Resize(ref CreatedTicks, size);
        Array.Resize(ref Downloads, size);
        Array.Resize(ref Likes, size);
        Array.Resize(ref PipelineOf, size);
        Array.Resize(ref ArchitectureOf, size);
        Array.Resize(ref Parameters, size);
        Array.Resize(ref Kinds, size);
        Array.Resize(ref ParentLinks, size);
    }
}
