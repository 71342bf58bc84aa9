using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>
/// A snapshot of the real families' shape: the bundled Hub trees copied until there are <c>count</c> lines, every model of
/// copy k renamed <c>{id}-r{k}</c> and every link to a bundled model (the <c>base_model:…</c> tags, the card's
/// <c>base_model</c>) renamed with it, so each copy is a forest of its own with the bundled families' sizes and depths.
/// Harvester.Benchmarks' SyntheticSnapshot renames only the ids, which hangs every copy under the first copy's parents:
/// right for the publisher, which reads no links, but it would grow six families of N/6 models here.
/// </summary>
public static class SyntheticTrees
{
    static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<(int Lines, long Bytes)> WriteAsync(string seedPath, string path, int count)
    {
        var seed = new List<JsonObject>();
        await using (var gz = new GZipStream(File.OpenRead(seedPath), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz, Encoding.UTF8))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                seed.Add(JsonNode.Parse(line)!.AsObject());
            }
        }

        var bundled = seed.Select(m => (string)m["id"]!).ToHashSet(StringComparer.Ordinal);
        await using var file = File.Create(path);
        await using var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16);
        for (var i = 0; i < count; i++)
        {
            var copy = i / seed.Count;
            var model = (JsonObject)seed[i % seed.Count].DeepClone();
            string Rename(string id) => bundled.Contains(id) ? $"{id}-r{copy}" : id;
            model["id"] = Rename((string)model["id"]!);
            if (model["tags"] is JsonArray tags)
            {
                for (var t = 0; t < tags.Count; t++)
                {
                    if (tags[t]?.GetValue<string>() is { } tag && tag.StartsWith("base_model:", StringComparison.Ordinal))
                    {
                        var cut = tag.LastIndexOf(':') + 1;
                        // An id holds no ':', so the parent is what follows the last one, with or without a relation.
                        tags[t] = tag[..cut] + Rename(tag[cut..]);
                    }
                }
            }

            if (model["cardData"] is JsonObject card && card["base_model"] is { } parent)
            {
                card["base_model"] = parent is JsonArray list
                    ? new JsonArray(list.Select(p => (JsonNode?)JsonValue.Create(p?.GetValue<string>() is { } s ? Rename(s) : null)).ToArray())
                    : parent.GetValueKind() == JsonValueKind.String ? JsonValue.Create(Rename(parent.GetValue<string>())) : parent.DeepClone();
            }

            await writer.WriteLineAsync(model.ToJsonString(Compact));
        }

        await writer.FlushAsync();
        return (count, file.Length);
    }
}
