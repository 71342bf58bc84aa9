using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Tests.Support;

/// <summary>One crawled row of the model-tree CSVs (see Fixtures/README.md).</summary>
public sealed record CrawlRow(
    string Root,
    string ModelId,
    bool MetadataOk,
    int Depth,
    IReadOnlyDictionary<BaseModelRelation, int?> Counts,
    IReadOnlyDictionary<BaseModelRelation, IReadOnlyList<string>> Children);

public static class CrawlFixture
{
    private static readonly Lazy<IReadOnlyList<CrawlRow>> All = new(Load);

    public static IReadOnlyList<CrawlRow> Rows => All.Value;

    private static readonly (string Key, BaseModelRelation Relation)[] Kinds =
    [
        ("finetune", BaseModelRelation.Finetune), ("adapter", BaseModelRelation.Adapter),
        ("quantized", BaseModelRelation.Quantized), ("merge", BaseModelRelation.Merge),
    ];

    private static List<CrawlRow> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "crawl-counts-2025-04.jsonl");
        return File.ReadLines(path).Select(line =>
        {
            using var json = JsonDocument.Parse(line);
            var row = json.RootElement;
            var counts = Kinds.ToDictionary(k => k.Relation,
                k => row.GetProperty("counts").GetProperty(k.Key) is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : (int?)null);
            var children = Kinds.ToDictionary(k => k.Relation,
                k => (IReadOnlyList<string>)row.GetProperty("children").GetProperty(k.Key).EnumerateArray().Select(e => e.GetString()!).ToList());
            return new CrawlRow(row.GetProperty("root").GetString()!, row.GetProperty("model_id").GetString()!,
                row.GetProperty("metadata_ok").GetBoolean(), row.GetProperty("depth").GetInt32(), counts, children);
        }).ToList();
    }
}
