using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Inference;

/// <summary>
/// A model name as a sequence of tokens: lower-case runs of letters or of digits, so <c>Llama-2-7B</c>, <c>llama2_7b</c>
/// and <c>LLaMA-2-7b</c> are the same three-then-two tokens (<c>llama 2 7 b</c>). Each token is kept as a 64-bit hash, and a
/// run of tokens hashes to one key, so every run of a name is looked up without building strings.
/// </summary>
public static class NameTokens
{
    /// <summary>The tokens' hashes and texts, at most <paramref name="max"/> of them.</summary>
    public static int Split(ReadOnlySpan<char> name, Span<ulong> hashes, Span<Range> ranges, int max)
    {
        var count = 0;
        var i = 0;
        while (i < name.Length && count < max)
        {
            if (!char.IsAsciiLetterOrDigit(name[i])) { i++; continue; }
            var digit = char.IsAsciiDigit(name[i]);
            var start = i;
            var hash = 14695981039346656037UL;
            while (i < name.Length && char.IsAsciiLetterOrDigit(name[i]) && char.IsAsciiDigit(name[i]) == digit)
            {
                hash = (hash ^ char.ToLowerInvariant(name[i])) * 1099511628211UL;
                i++;
            }
            hashes[count] = hash;
            ranges[count] = start..i;
            count++;
        }
        return count;
    }

    /// <summary>The key of a run of token hashes (order matters).</summary>
    public static ulong Key(ReadOnlySpan<ulong> hashes)
    {
        var key = Seed;
        foreach (var h in hashes) key = Extend(key, h);
        return key;
    }

    public const ulong Seed = 0x9E3779B97F4A7C15UL;

    public static ulong Extend(ulong key, ulong token) => (key ^ token) * 0x100000001B3UL + (key >> 29);

    /// <summary>The canonical spelling of a name (tokens joined by '-'), to check a hash match and to show in evidence.</summary>
    public static string Canonical(string name, int max)
    {
        var hashes = new ulong[max];
        var ranges = new Range[max];
        var count = Split(name, hashes, ranges, max);
        return string.Join('-', Enumerable.Range(0, count).Select(i => name[ranges[i]].ToLowerInvariant()));
    }
}

/// <summary>What the words around a matched name say about the relation (<c>-GGUF</c>: quantized, <c>-lora</c>: adapter…).</summary>
public static class NameMarkers
{
    static readonly HashSet<string> Quantized = new(StringComparer.OrdinalIgnoreCase)
    {
        "gguf", "ggml", "awq", "gptq", "exl", "mlx", "mlc", "bnb", "bpw", "hqq", "quanto", "smashed", "quantized", "quantised",
        "quant", "quants", "imatrix", "onnx", "nf", "int", "bit", "bits", "fp", "iq", "openvino", "ov", "marlin",
    };

    static readonly HashSet<string> Adapter = new(StringComparer.OrdinalIgnoreCase) { "lora", "qlora", "peft", "adapter", "adapters" };

    static readonly HashSet<string> Merge = new(StringComparer.OrdinalIgnoreCase) { "slerp", "ties", "dare", "merge", "mergekit", "frankenmerge", "passthrough" };

    /// <summary>Tokens that only name a variant of a format (<c>Q4_K_M</c>, <c>i1</c>, <c>h6</c>, <c>hf</c>), never a new model.</summary>
    static readonly HashSet<string> Variant = new(StringComparer.OrdinalIgnoreCase)
    {
        "q", "k", "m", "s", "l", "xs", "xxs", "h", "i", "f", "w", "a", "g", "gs", "act", "order", "hf", "b", "bf", "v", "gen", "x",
    };

    /// <summary>Whether a name says it is a quantized copy (<c>meditron-7B-GGUF</c>, <c>meditron-7b_Q8_0.gguf</c>). No allocation: it runs for every model.</summary>
    public static bool IsFormatCopy(ReadOnlySpan<char> name, ReadOnlySpan<Range> tokens)
    {
        var quantized = Quantized.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = name[tokens[i]];
            if (quantized.Contains(token)) return true;
            if (i > 0 && name[tokens[i - 1]] is ['q' or 'Q'] && char.IsAsciiDigit(token[0])) return true;
        }
        return false;
    }

    /// <summary>The relation the words outside the match suggest, and whether they are only format words (a re-upload, not new training).</summary>
    public static (BaseModelRelation Kind, bool FormatOnly) Read(IReadOnlyList<string> others)
    {
        bool quantized = false, adapter = false, merged = false, merge = false, formatOnly = true;
        for (var i = 0; i < others.Count; i++)
        {
            var token = others[i];
            if (Quantized.Contains(token)) quantized = true;
            // q4, q8_0, Q5_K_M: llama.cpp's quantization levels.
            else if (i > 0 && others[i - 1].Equals("q", StringComparison.OrdinalIgnoreCase) && token.All(char.IsAsciiDigit)) quantized = true;
            else if (Adapter.Contains(token)) adapter = true;
            else if (Merge.Contains(token)) merge = true;
            else if (token.Equals("merged", StringComparison.OrdinalIgnoreCase)) { merged = true; formatOnly = false; }
            else if (!Variant.Contains(token) && !token.All(char.IsAsciiDigit)) formatOnly = false;
        }
        // A "-lora-merged" repository holds the adapter folded into the base's weights: full weights, a fine-tune.
        var kind = quantized ? BaseModelRelation.Quantized
            : adapter && !merged ? BaseModelRelation.Adapter
            : merge ? BaseModelRelation.Merge
            : BaseModelRelation.Finetune;
        return (kind, formatOnly && (quantized || (adapter && !merged)));
    }
}
