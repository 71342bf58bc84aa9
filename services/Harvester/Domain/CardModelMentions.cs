using System.Text.RegularExpressions;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>
/// Hub models a card names, and whether a phrase before the name says the model derives from it ("fine-tuned from", "based
/// on", "quantized version of", "LoRA adapter for", "merge of"): what <see cref="ModelCardSummary.ModelMentions"/> carries to
/// Lineage, which takes them as evidence of an undeclared parent. The text is untrusted: only its first
/// <see cref="RecordLimits.MaxCardScanChars"/> are read, ids are found by a scan linear in the text and the
/// phrases by a regular expression on .NET's non-backtracking engine, whatever the text holds, at most <see cref="RecordLimits.MaxCardModelMentions"/> names are kept, and the
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
        var span = text.AsSpan(0, Math.Min(text.Length, maxCharacters));
        var found = new List<ModelMention>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (modelId is not null) seen.Add(modelId);
        for (var from = 0; found.Count < maxMentions && NextHubId(span, from) is var (written, start, length); from = start + length)
        {
            var id = span.Slice(start, length).TrimEnd(".-_").ToString();
            var owner = id[..id.IndexOf('/')];
            if (NotModels.Contains(owner) || !seen.Add(id)) continue;
            var window = Math.Max(0, written - PhraseWindow);
            found.Add(new ModelMention(id, PhraseIn(span[window..written])));
        }
        return found;
    }

    /// <summary>
    /// The next id at or after <paramref name="from"/>, where it is written (its prefix included) and where it starts:
    /// <c>owner/name</c>, each part a letter or digit then up to
    /// <see cref="MaxPart"/> − 1 of letters, digits and <c>_.-</c>, written after <c>huggingface.co/</c>, <c>hf.co/</c>, white space
    /// or one of <c>[(`"'</c>. The name is cut at <see cref="MaxPart"/> characters; an owner longer than that is no id. Each
    /// character is looked at a bounded number of times (a slash, then at most <see cref="MaxPart"/> back and forth), so the
    /// scan is linear in the text. <c>tests/Harvester.Tests</c> holds it to the regular expression it replaced, which cost
    /// about 35 ns a character on .NET's non-backtracking engine, as much as the rest of a record's import.
    /// </summary>
    static (int Written, int Start, int Length)? NextHubId(ReadOnlySpan<char> text, int from)
    {
        for (var slash = NextSlash(text, from - 1); slash >= 0; slash = NextSlash(text, slash))
        {
            var start = slash;
            while (start > from && slash - start <= MaxPart && IsIdChar(text[start - 1])) start--;
            if (start == slash || slash - start > MaxPart || !char.IsAsciiLetterOrDigit(text[start])) continue;
            var prefix = PrefixLength(text[from..start]); // a match never begins inside the one before
            if (prefix == 0) continue;
            var end = slash + 1;
            if (end >= text.Length || !char.IsAsciiLetterOrDigit(text[end])) continue;
            while (end < text.Length && end - slash <= MaxPart && IsIdChar(text[end])) end++;
            return (start - prefix, start, end - start);
        }
        return null;
    }

    /// <summary>The first slash after <paramref name="slash"/>, or −1.</summary>
    static int NextSlash(ReadOnlySpan<char> text, int slash)
    {
        var next = text[(slash + 1)..].IndexOf('/');
        return next < 0 ? -1 : slash + 1 + next;
    }

    const int MaxPart = 96;

    static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    /// <summary>Characters of the prefix an id is written after, at the end of <paramref name="before"/>; 0 for none.</summary>
    static int PrefixLength(ReadOnlySpan<char> before) =>
        before.IsEmpty ? 0
        : char.IsWhiteSpace(before[^1]) || before[^1] is '[' or '(' or '`' or '"' or '\'' ? 1
        : before.EndsWith("huggingface.co/") ? "huggingface.co/".Length
        : before.EndsWith("hf.co/") ? "hf.co/".Length
        : 0;

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

    [GeneratedRegex(@"fine[\- ]?tun(?:ed|ing)|based\s+on|derived\s+from|trained\s+(?:from|on\s+top\s+of)|built\s+(?:on|upon|from)|quanti[sz](?:ed|ation|ations)|gguf|lora|adapter|merge(?:d)?\s+(?:of|from)|continued\s+from|version\s+of",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Phrase();
}
