using System.IO.Compression;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.LineageTools.Evaluation;

/// <summary>
/// One model of the evaluation: what recovery may read, the links the Hub declares for it (the answers), its card's text
/// (README.md, front matter and prose) and, for a Hub record, the record as the snapshot holds it (what the Harvester reads).
/// </summary>
public sealed record CrawlModel(InferenceModel Model, IReadOnlyList<BaseModelLink> Declared, bool IdOnly)
{
    public string? Card { get; init; }
    public string? Record { get; init; }
}

/// <summary>
/// The real crawls as bundled in the repository: the 1,284 Hub records of the demo snapshot (services/Standalone/Seed), whose
/// <c>base_model:</c> tags are fine-tune links, and the children the crawl lists under each row without a record of their own
/// (tests/Lineage.Tests/Fixtures/crawl-counts-2025-04.jsonl: adapters, quantizations, merges, a few fine-tunes), known by id
/// and declared parent and relation only. A Hub record's card (README.md, front matter and prose) is read for the Hub
/// models it names as the Harvester reads them (<see cref="CardMentionsOf"/>); its front matter's <c>base_model</c> is the
/// declaration again, and the evaluation hides it with the tags (<see cref="CardDeclaration"/>).
/// </summary>
public static class CrawlPopulation
{
    public static IReadOnlyList<CrawlModel> Load(string snapshotPath, string crawlCountsPath)
    {
        var models = new List<CrawlModel>();
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(snapshotPath), CompressionMode.Decompress)))
            while (reader.ReadLine() is { } line)
            {
                using var json = JsonDocument.Parse(line);
                var model = FromRecord(json.RootElement) with { Record = line };
                if (known.Add(model.Model.Id)) models.Add(model);
            }

        var listed = new Dictionary<string, List<BaseModelLink>>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        foreach (var line in File.ReadLines(crawlCountsPath))
        {
            using var json = JsonDocument.Parse(line);
            var row = json.RootElement;
            var parent = row.GetProperty("model_id").GetString()!;
            foreach (var (key, relation) in Kinds)
                foreach (var child in row.GetProperty("children").GetProperty(key).EnumerateArray().Select(e => e.GetString()!))
                {
                    if (known.Contains(child) || !child.Contains('/')) continue;
                    if (!listed.TryGetValue(child, out var links)) { listed[child] = links = []; order.Add(child); }
                    if (!links.Any(l => l.Id.Equals(parent, StringComparison.OrdinalIgnoreCase))) links.Add(new BaseModelLink(parent, relation));
                }
        }
        foreach (var id in order)
            models.Add(new CrawlModel(new InferenceModel { Id = id, Author = id[..id.IndexOf('/')], DeclaredParents = listed[id].Select(l => l.Id).ToList() }, listed[id], IdOnly: true));
        return models;
    }

    static readonly (string Key, BaseModelRelation Relation)[] Kinds =
    [
        ("finetune", BaseModelRelation.Finetune), ("adapter", BaseModelRelation.Adapter),
        ("quantized", BaseModelRelation.Quantized), ("merge", BaseModelRelation.Merge),
    ];

    static CrawlModel FromRecord(JsonElement hub)
    {
        var tags = hub.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
        var config = hub.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var declared = new List<BaseModelLink>();
        foreach (var tag in tags)
        {
            var parts = tag.Split(':', 3);
            if (parts.Length == 3 && parts[0] == "base_model" && Kinds.FirstOrDefault(k => k.Key == parts[1]) is { Key: not null } kind)
                declared.Add(new BaseModelLink(parts[2], kind.Relation));
        }
        var model = new InferenceModel
        {
            Id = hub.GetProperty("id").GetString()!,
            Author = hub.TryGetProperty("author", out var a) ? a.GetString() : null,
            CreatedAt = hub.TryGetProperty("createdAt", out var created) ? created.GetDateTimeOffset() : null,
            ModelType = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("model_type", out var mt) ? mt.GetString() : null,
            DeclaredParents = declared.Select(l => l.Id).ToList(),
        };
        var card = hub.TryGetProperty("card", out var c2) && c2.ValueKind == JsonValueKind.String ? c2.GetString() : null;
        return new CrawlModel(model with { CardMentions = CardMentionsOf(model.Id, card) }, declared, IdOnly: false) { Card = card };
    }

    /// <summary>
    /// The population as the Hub's model API gives it: no record carries its card (README.md), so no card mentions. What the
    /// service recovers from models harvested from the API rather than from a snapshot.
    /// </summary>
    public static IReadOnlyList<CrawlModel> WithoutCards(IReadOnlyList<CrawlModel> population) => population.Select(m => m with
    {
        Model = m.Model with { CardMentions = [] },
        Card = null,
        Record = m.Record is null ? null : System.Text.Json.Nodes.JsonNode.Parse(m.Record)!.AsObject() is var record && record.Remove("card") ? record.ToJsonString() : m.Record,
    }).ToList();

    /// <summary>The Hub models a card names, read by the Harvester's own reader with its default bounds: what the service gets.</summary>
    public static IReadOnlyList<ModelMention> CardMentionsOf(string modelId, string? card) =>
        card is null ? [] : ModelCardReader.Read(card, RecordLimits.Default, modelId).ModelMentions;
}
