using System.IO.Compression;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Tests.Support;

/// <summary>The bundled snapshot of real Hub models, mapped as the service maps ModelDiscovered.</summary>
public static class HubSnapshot
{
    private static readonly Lazy<IReadOnlyList<LineageModel>> All = new(Load);

    public static IReadOnlyList<LineageModel> Models => All.Value;

    public static LineageModel Model(string id) => Models.Single(m => m.Id == id);

    public static LineageGraph Graph(IEnumerable<LineageModel>? models = null, int sortedDescendantsMinimum = 2_000)
    {
        var graph = new LineageGraph(sortedDescendantsMinimum);
        foreach (var model in models ?? Models) graph.Upsert(model);
        return graph;
    }

    private static List<LineageModel> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var models = new List<LineageModel>();
        while (reader.ReadLine() is { } line)
        {
            using var json = JsonDocument.Parse(line);
            models.Add(Map(json.RootElement));
        }
        return models;
    }

    private static LineageModel Map(JsonElement hub)
    {
        var tags = hub.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
        var config = hub.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        return new LineageModel
        {
            Id = hub.GetProperty("id").GetString()!,
            Author = hub.GetProperty("author").GetString()!,
            CreatedAt = hub.TryGetProperty("createdAt", out var created) ? created.GetDateTimeOffset() : null,
            LastModified = hub.TryGetProperty("lastModified", out var modified) ? modified.GetDateTimeOffset() : null,
            Downloads = hub.TryGetProperty("downloads", out var d) ? d.GetInt64() : 0,
            Likes = hub.TryGetProperty("likes", out var l) ? l.GetInt64() : 0,
            PipelineTag = hub.TryGetProperty("pipeline_tag", out var p) ? p.GetString() : null,
            Tags = tags,
            ModelType = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("model_type", out var mt) ? mt.GetString() : null,
            Architectures = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("architectures", out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Select(e => e.GetString()!).ToList() : [],
            ParameterCount = hub.TryGetProperty("safetensors", out var s) && s.TryGetProperty("total", out var total) ? total.GetInt64() : null,
            Parents = ParentsFromTags(tags),
        };
    }

    /// <summary>The Hub's <c>base_model:&lt;relation&gt;:&lt;id&gt;</c> tags (a bare <c>base_model:&lt;id&gt;</c> only restates one of them).</summary>
    private static List<BaseModelLink> ParentsFromTags(List<string> tags)
    {
        var links = new List<BaseModelLink>();
        foreach (var tag in tags)
        {
            var parts = tag.Split(':', 3);
            if (parts.Length != 3 || parts[0] != "base_model") continue;
            BaseModelRelation? relation = parts[1] switch
            {
                "finetune" => BaseModelRelation.Finetune,
                "adapter" => BaseModelRelation.Adapter,
                "quantized" => BaseModelRelation.Quantized,
                "merge" => BaseModelRelation.Merge,
                _ => null,
            };
            if (relation is { } r) links.Add(new BaseModelLink(parts[2], r));
        }
        return links;
    }
}
