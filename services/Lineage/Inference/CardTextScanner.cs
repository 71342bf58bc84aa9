using System.Text.RegularExpressions;
using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Inference;

/// <summary>
/// Hub models a card's prose names, and whether a phrase before the name says the model derives from it ("fine-tuned
/// from", "based on", "quantized version of", "LoRA adapter for", "merge of"). The text is untrusted: only its first
/// <see cref="InferenceOptions.MaxCardTextCharacters"/> are read, the regular expressions run on .NET's non-backtracking
/// engine (time linear in the text, whatever it holds), at most <see cref="InferenceOptions.MaxCardMentions"/> names are
/// kept, and the phrase is looked for only in a fixed window before each name.
/// </summary>
public static partial class CardTextScanner
{
    /// <summary>Characters before a mention in which a derivation phrase counts.</summary>
    public const int PhraseWindow = 80;

    public sealed record Mention(string Id, BaseModelRelation? Phrase, string Text);

    /// <summary>The model ids the text names, in order, each once (case-insensitive), with the phrase before it, if any.</summary>
    public static IReadOnlyList<Mention> Scan(string? text, InferenceOptions options)
    {
        if (string.IsNullOrEmpty(text) || options.MaxCardMentions == 0) return [];
        var span = text.Length > options.MaxCardTextCharacters ? text[..options.MaxCardTextCharacters] : text;
        var found = new List<Mention>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in HubId().Matches(span))
        {
            var id = match.Groups["id"].Value.TrimEnd('.', '-', '_');
            var owner = id[..id.IndexOf('/')];
            if (NotModels.Contains(owner) || !seen.Add(id)) continue;
            var from = Math.Max(0, match.Index - PhraseWindow);
            var window = span.AsSpan(from, match.Index - from);
            var phrase = PhraseIn(window);
            found.Add(new Mention(id, phrase, phrase is null ? "names " + id : $"says \"{Shorten(window)}{id}\""));
            if (found.Count == options.MaxCardMentions) break;
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

    static string Shorten(ReadOnlySpan<char> window)
    {
        var text = window.ToString().ReplaceLineEndings(" ");
        return text.Length <= 40 ? text : "…" + text[^40..];
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
