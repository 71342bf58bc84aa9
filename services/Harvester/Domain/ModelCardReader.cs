using System.Text.RegularExpressions;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>
/// Reads a bounded summary of a model card's text: its length after the YAML front matter, its Markdown headings (outside code
/// fences) and the code repositories and Hub datasets it links. Only the first <see cref="RecordLimits.MaxCardScanChars"/> characters
/// are scanned, line by line; the regular expressions run without backtracking. The Hub models it names are read from the
/// whole card, front matter included (a <c>model_link</c>, a <c>model-index</c> name), up to the same bound
/// (<see cref="CardModelMentions"/>). Pure.
/// </summary>
public static partial class ModelCardReader
{
    public const int MaxHeadingLength = 120;

    /// <param name="card">The README.md text.</param>
    /// <param name="limits">The bounds of the scan.</param>
    /// <param name="modelId">The card's own model, left out of the models it names.</param>
    public static ModelCardSummary Read(string card, RecordLimits limits, string? modelId = null)
    {
        var body = card.AsSpan(FrontMatterLength(card));
        var truncated = body.Length > limits.MaxCardScanChars;
        var scanned = truncated ? body[..limits.MaxCardScanChars] : body;

        var headings = new List<string>();
        var fenced = false;
        foreach (var range in scanned.Split('\n'))
        {
            var line = scanned[range].TrimEnd('\r');
            var trimmed = line.TrimStart(' ');
            if (line.Length - trimmed.Length > 3) continue; // indented code
            if (trimmed.StartsWith("```") || trimmed.StartsWith("~~~")) { fenced = !fenced; continue; }
            if (fenced || headings.Count >= limits.MaxCardHeadings || Heading(trimmed) is not { Length: > 0 } heading) continue;
            headings.Add(heading.Length <= MaxHeadingLength ? heading : heading[..MaxHeadingLength]);
        }

        var text = scanned.ToString();
        return new ModelCardSummary
        {
            Length = body.Length,
            Headings = headings,
            RepositoryLinks = Distinct(RepositoryLink().Matches(text).Select(m => $"{m.Groups["host"].Value.ToLowerInvariant()}/{m.Groups["owner"].Value}/{TrimGit(m.Groups["repo"].Value)}"), limits),
            DatasetLinks = Distinct(DatasetLink().Matches(text).Select(m => m.Groups["id"].Value.TrimEnd('.')), limits),
            Truncated = truncated,
            ModelMentions = CardModelMentions.Scan(card, limits.MaxCardScanChars, limits.MaxCardModelMentions, modelId),
        };
    }

    /// <summary>Characters of a leading <c>---</c> … <c>---</c> YAML block, with its closing line; 0 without one.</summary>
    static int FrontMatterLength(string card)
    {
        if (!card.StartsWith("---\n", StringComparison.Ordinal) && !card.StartsWith("---\r\n", StringComparison.Ordinal)) return 0;
        var close = card.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (close < 0) return 0;
        var end = card.IndexOf('\n', close + 4);
        return end < 0 ? card.Length : end + 1;
    }

    /// <summary>An ATX heading's text (<c>## Intended uses ##</c> → <c>Intended uses</c>), else null.</summary>
    static string? Heading(ReadOnlySpan<char> line)
    {
        var level = 0;
        while (level < line.Length && line[level] == '#') level++;
        if (level is 0 or > 6 || (level < line.Length && line[level] is not (' ' or '\t'))) return null;
        var text = line[level..].Trim().TrimEnd('#').Trim();
        return text.ToString();
    }

    // A link at the end of a sentence takes its full stop; a clone URL ends in .git.
    static string TrimGit(string repo)
    {
        repo = repo.TrimEnd('.');
        return repo.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? repo[..^4] : repo;
    }

    static List<string> Distinct(IEnumerable<string> links, RecordLimits limits) =>
        links.Distinct(StringComparer.OrdinalIgnoreCase).Take(limits.MaxListedItems).ToList();

    [GeneratedRegex(@"https?://(?:www\.)?(?<host>github\.com|gitlab\.com)/(?<owner>[A-Za-z0-9_.-]{1,100})/(?<repo>[A-Za-z0-9_.-]{1,100})", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase)]
    private static partial Regex RepositoryLink();

    [GeneratedRegex(@"huggingface\.co/datasets/(?<id>[A-Za-z0-9_.-]{1,100}(?:/[A-Za-z0-9_.-]{1,100})?)", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase)]
    private static partial Regex DatasetLink();
}
