namespace OpenAccess.Lineage.Inference;

/// <summary>
/// The known models, indexed for recovery: id → number, each model's name key and author-qualified name key
/// (<c>google-gemma-7b</c>) → the chain of models carrying it, config shape → chain. Chains are one int a model, so the index
/// costs a few ints a model plus the dictionaries' entries, not a list per name.
/// </summary>
internal sealed class InferenceIndex
{
    public readonly InferenceInputs Models;
    public readonly Dictionary<ulong, Chain> Names = new();
    public readonly Dictionary<ulong, Chain> QualifiedNames = new();
    public readonly Dictionary<ulong, Chain> ShortNames = new();
    public readonly Dictionary<ConfigShape, Chain> Shapes = new();
    public readonly int[] NextByName, NextByShortName, NextByQualifiedName, NextByShape;

    /// <summary>Models whose name carries quantization words: a quantization is not trained on, so it is nobody's parent by name.</summary>
    public readonly bool[] FormatName;

    public record struct Chain(int Head, int Count);

    public InferenceIndex(InferenceInputs models, InferenceOptions options)
    {
        Models = models;
        NextByName = new int[models.Count];
        NextByQualifiedName = new int[models.Count];
        NextByShortName = new int[models.Count];
        FormatName = new bool[models.Count];
        NextByShape = new int[models.Count];
        Span<ulong> hashes = stackalloc ulong[options.MaxNameTokens * 2];
        Span<Range> ranges = new Range[options.MaxNameTokens * 2];
        // Added last to first, so each chain runs in input order.
        for (var i = models.Count - 1; i >= 0; i--)
        {
            if (!models.IsModel(i)) continue;
            var author = AuthorOf(models, i);
            var name = NameOf(models, i);
            var nameCount = NameTokens.Split(name, hashes, ranges, options.MaxNameTokens);
            FormatName[i] = NameMarkers.IsFormatCopy(name, ranges[..nameCount]);
            if (nameCount >= 2) Push(Names, NextByName, NameTokens.Key(hashes[..nameCount]), i);
            // "Llama-2-7b-chat-hf" is what its derivatives call "Llama-2-7b-chat": -hf only says the weights are in the transformers layout.
            if (nameCount >= 3 && name[ranges[nameCount - 1]].Equals("hf", StringComparison.OrdinalIgnoreCase))
                Push(ShortNames, NextByShortName, NameTokens.Key(hashes[..(nameCount - 1)]), i);
            var authorCount = NameTokens.Split(author, hashes, ranges, options.MaxNameTokens);
            var both = authorCount + NameTokens.Split(name, hashes[authorCount..], ranges[authorCount..], options.MaxNameTokens);
            if (authorCount > 0 && both > authorCount) Push(QualifiedNames, NextByQualifiedName, NameTokens.Key(hashes[..both]), i);
            if (models.Shape(i) is { } shape) Push(Shapes, NextByShape, shape, i);
        }
    }

    static void Push<TKey>(Dictionary<TKey, Chain> chains, int[] next, TKey key, int model) where TKey : notnull
    {
        ref var chain = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(chains, key, out var existed);
        next[model] = existed ? chain.Head : -1;
        chain = new Chain(model, existed ? chain.Count + 1 : 1);
    }

    /// <summary>
    /// The known model a written id names: the id itself (case aside), else its <c>-hf</c> twin (<c>meta-llama/Llama-2-7b</c>
    /// and <c>meta-llama/Llama-2-7b-hf</c> are one model in two layouts, and cards name either), else nothing: a base outside
    /// the known models is no candidate.
    /// </summary>
    public int? Resolve(string id)
    {
        if (Models.Find(id) is var model and >= 0) return model;
        var twin = id.EndsWith("-hf", StringComparison.OrdinalIgnoreCase) ? id[..^3] : id + "-hf";
        return Models.Find(twin) is var other and >= 0 ? other : null;
    }

    /// <summary>The name part of the id (after the slash), without a copy.</summary>
    public static ReadOnlySpan<char> NameOf(InferenceInputs models, int i) => models.Id(i).AsSpan(models.Id(i).IndexOf('/') + 1);

    /// <summary>The author part of the id (before the slash), else the record's author.</summary>
    public static ReadOnlySpan<char> AuthorOf(InferenceInputs models, int i) =>
        models.Id(i) is var id && id.IndexOf('/') is var slash and >= 0 ? id.AsSpan(0, slash) : (models.Author(i) ?? "").AsSpan();

    /// <summary>Whether <paramref name="candidate"/> may be the parent of <paramref name="child"/> by time: created before it, when both are dated.</summary>
    public bool ExistedBefore(int candidate, int child) =>
        Models.CreatedTicks(candidate) is var tc && Models.CreatedTicks(child) is var tm && (tc == 0 || tm == 0 || tc < tm);

    /// <summary>Earlier first; undated last; then by id.</summary>
    public bool Earlier(int a, int b)
    {
        long ta = Models.CreatedTicks(a), tb = Models.CreatedTicks(b);
        if (ta == 0) ta = long.MaxValue;
        if (tb == 0) tb = long.MaxValue;
        if (ta != tb) return ta < tb;
        // The same time (or none): the id decides, never the position, which follows the order the models arrived in; a
        // service consuming concurrently and the evaluation reading a file must pick the same parent.
        var byId = StringComparer.OrdinalIgnoreCase.Compare(Models.Id(a), Models.Id(b));
        return byId != 0 ? byId < 0 : a < b;
    }
}
