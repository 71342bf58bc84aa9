using System.Text.RegularExpressions;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>
/// Hub models a card names, and whether a phrase before the name says the model derives from it ("fine-tuned from", "based
/// on", "quantized version of", "LoRA adapter for", "merge of"): what <see cref="ModelCardSummary.ModelMentions"/> carries to
/// Lineage, which takes them as evidence of an undeclared parent. The text is untrusted: only its first
/// <see cref="RecordLimits.MaxCardScanChars"/> are read, the regular expressions run on .NET's non-backtracking engine (time
/// linear in the text, whatever it holds), at most <see cref="RecordLimits.MaxCardModelMentions"/> names are kept, and the
/// phrase is looked for only in a fixed window before each name. Pure.
/// </summary>
public static partial class CardModelMentions
{
    /// <summary>Characters before a mention in which a derivation phrase counts.</summary>
    public const int PhraseWindow = 80;

    /// <summary>
    /// The model ids the text names, in order, each once (case-insensitive), with the derivation a phrase before it states, if
    /// any; the card's own model (<paramref name="modelId"/>) is left out: it is never its own parent.
    /// </summary>
    public static IReadOnlyList<ModelMention> Scan(string? text, int maxCharacters, int maxMentions, string? modelId = null)
    {
        if (string.IsNullOrEmpty(text) || maxMentions <= 0 || maxCharacters <= 0) return [];
        var span = text.Length > maxCharacters ? text[..maxCharacters] : text;
        var found = new List<ModelMention>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (modelId is not null) seen.Add(modelId);
        foreach (Match match in HubId().Matches(span))
        {
            var id = match.Groups["id"].Value.TrimEnd('.', '-', '_');
            var owner = id[..id.IndexOf('/')];
            if (NotModels.Contains(owner) || !seen.Add(id)) continue;
            var from = Math.Max(0, match.Index - PhraseWindow);
            found.Add(new ModelMention(id, PhraseIn(span.AsSpan(from, match.Index - from))));
            if (found.Count == maxMentions) break;
        }
        return found;
    }

    static BaseModelRelation? PhraseIn(ReadOnlySpan<char> window)
    {
        // "a quantized version of X" holds both a quantization word and "version of": the most specific word decides.
        bool any = false, quantized = false, adapter = false, merge = false;
        foreach (var match in Phrase().EnumerateMatches(window))
        {
            var words = window.Slice(match.Index, match.Length);
            any = true;
            quantized |= words.Contains("quanti", StringComparison.OrdinalIgnoreCase) || words.Contains("gguf", StringComparison.OrdinalIgnoreCase);
            adapter |= words.Contains("adapter", StringComparison.OrdinalIgnoreCase) || words.Contains("lora", StringComparison.OrdinalIgnoreCase);
            merge |= words.StartsWith("merge", StringComparison.OrdinalIgnoreCase);
        }
        if (!any) return null;
        return quantized ? BaseModelRelation.Quantized : adapter ? BaseModelRelation.Adapter : merge ? BaseModelRelation.Merge : BaseModelRelation.Finetune;
    }

    /// <summary>First path segments of huggingface.co that are not model owners.</summary>
    static readonly HashSet<string> NotModels = new(StringComparer.OrdinalIgnoreCase) { "datasets", "spaces", "docs", "blog", "papers", "collections", "models", "api", "settings", "organizations" };

    // An id written as a Hub link, or bare as owner/name in backticks, brackets or after a space. Bounded repetitions only.
    [GeneratedRegex(@"(?:huggingface\.co/|hf\.co/|[\s\[(`""'])(?<id>[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.\-]{0,95})",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex HubId();

    [GeneratedRegex(@"fine[\- ]?tun(?:ed|ing)|based\s+on|derived\s+from|trained\s+(?:from|on\s+top\s+of)|built\s+(?:on|upon|from)|quanti[sz](?:ed|ation|ations)|gguf|lora|adapter|merge(?:d)?\s+(?:of|from)|continued\s+from|version\s+of",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Phrase();
}
