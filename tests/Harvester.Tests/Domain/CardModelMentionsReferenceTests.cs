using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;

namespace OpenAccess.Harvester.Tests.Domain;

/// <summary>
/// The hand-written id scan of <see cref="CardModelMentions"/> finds what the regular expression it replaced found (session 12:
/// that expression, on .NET's non-backtracking engine, cost about 90 µs a bundled card, as much as the rest of a record's
/// import; the scan about 5 µs): the same ids in the same order with the same derivations, on every bundled card and on
/// random text built from the characters that matter.
/// </summary>
public sealed partial class CardModelMentionsReferenceTests
{
    [Fact]
    public void Every_bundled_card_gives_what_the_regular_expression_gave()
    {
        var cards = BundledCards();
        Assert.True(cards.Count > 1000, $"only {cards.Count} cards");
        var mentions = 0;
        foreach (var (id, card) in cards)
        {
            var expected = Reference(card, 200_000, 32, id);
            Assert.Equal(expected, CardModelMentions.Scan(card, 200_000, 32, id));
            mentions += expected.Count;
        }
        Assert.True(mentions > 2000, $"only {mentions} mentions: the comparison would say little");
    }

    [Fact]
    public void Random_text_of_ids_prefixes_and_separators_gives_what_the_regular_expression_gave()
    {
        string[] pieces = ["/", "a", "Z", "9", "-", ".", "_", " ", "\t", "\n", "\u00a0", "\u2003", "[", "(", "`", "\"", "'", ":", ",", "é",
            "huggingface.co/", "hf.co/", "https://", "datasets/", "based on ", "quantized version of ", "LoRA ", "merge of ",
            new string('x', 95), new string('y', 97)];
        var random = new Random(12);
        var differing = new List<string>();
        for (var i = 0; i < 20_000 && differing.Count < 5; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 40); n > 0; n--) text.Append(pieces[random.Next(pieces.Length)]);
            var card = text.ToString();
            var max = random.Next(1, 5);
            if (!Reference(card, 10_000, max).SequenceEqual(CardModelMentions.Scan(card, 10_000, max))) differing.Add(card);
        }
        Assert.True(differing.Count == 0, string.Join("\n", differing.Take(3).Select(c => $"{JsonSerializer.Serialize(c)}: {string.Join(", ", Reference(c, 10_000, 4))} vs {string.Join(", ", CardModelMentions.Scan(c, 10_000, 4))}")));
    }

    static List<(string Id, string Card)> BundledCards()
    {
        var cards = new List<(string, string)>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz")), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            using var record = JsonDocument.Parse(line);
            if (record.RootElement.TryGetProperty("card", out var card) && card.ValueKind == JsonValueKind.String)
                cards.Add((record.RootElement.GetProperty("id").GetString()!, card.GetString()!));
        }
        return cards;
    }

    /// <summary>The scan as it was before session 12: every id found by one regular expression.</summary>
    static List<ModelMention> Reference(string text, int maxCharacters, int maxMentions, string? modelId = null)
    {
        var span = text.Length > maxCharacters ? text[..maxCharacters] : text;
        var found = new List<ModelMention>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (modelId is not null) seen.Add(modelId);
        foreach (Match match in HubId().Matches(span))
        {
            var id = match.Groups["id"].Value.TrimEnd('.', '-', '_');
            var owner = id[..id.IndexOf('/')];
            if (NotModels.Contains(owner) || !seen.Add(id)) continue;
            var from = Math.Max(0, match.Index - CardModelMentions.PhraseWindow);
            // The derivation is read from the same window by the class itself: a card of the window alone gives it.
            found.Add(new ModelMention(id, Derivation(span[from..match.Index])));
            if (found.Count == maxMentions) break;
        }
        return found;
    }

    /// <summary>The derivation the phrases in <paramref name="window"/> state, asked of the class with an id written after them.</summary>
    static BaseModelRelation? Derivation(string window) =>
        CardModelMentions.Scan(window + " q/q", int.MaxValue, 1000) is [.., var last] && last.Id == "q/q" ? last.Derivation : null;

    static readonly HashSet<string> NotModels = new(StringComparer.OrdinalIgnoreCase) { "datasets", "spaces", "docs", "blog", "papers", "collections", "models", "api", "settings", "organizations" };

    [GeneratedRegex(@"(?:huggingface\.co/|hf\.co/|[\s\[(`""'])(?<id>[A-Za-z0-9][A-Za-z0-9_.\-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.\-]{0,95})",
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex HubId();
}
