using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenAccess.Faults.Tests.Infrastructure;

/// <summary>
/// A snapshot of the real families' shape: the bundled Hub trees (services/Standalone/Seed) copied round after round, every
/// id of copy r, and every base-model link in its tags and card, renamed <c>{id}-r{r}</c>, so each copy is a forest of
/// its own with the real depths, fan-outs, relations and dates, and every line a real model-info record of its real size.
/// </summary>
public sealed class SyntheticSnapshot
{
    const string Seed = "Data/hub-model-trees-2025-04.jsonl.gz";
    const string BaseModelTag = "base_model:";

    SyntheticSnapshot(byte[] gzip, IReadOnlyList<string> modelIds)
    {
        Gzip = gzip;
        ModelIds = modelIds;
    }

    /// <summary>The snapshot as a gzip JSONL file, as a platform team would upload it.</summary>
    public byte[] Gzip { get; }

    /// <summary>Every model id of the snapshot, in file order.</summary>
    public IReadOnlyList<string> ModelIds { get; }

    public static SyntheticSnapshot Create(int count)
    {
        var seed = ReadSeed();
        var ids = new List<string>(count);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
        {
            for (var i = 0; i < count; i++)
            {
                var record = seed[i % seed.Count].DeepClone().AsObject();
                var suffix = $"-r{i / seed.Count}";
                Rename(record, suffix);
                ids.Add(record["id"]!.GetValue<string>());
                writer.WriteLine(record.ToJsonString());
            }
        }

        return new SyntheticSnapshot(buffer.ToArray(), ids);
    }

    static List<JsonNode> ReadSeed()
    {
        var seed = new List<JsonNode>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, Seed)), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
            seed.Add(JsonNode.Parse(line)!);
        return seed;
    }

    /// <summary>Renames the model and every model it names as its base, the ones outside the seed too, so copies never share a parent.</summary>
    static void Rename(JsonObject record, string suffix)
    {
        record["id"] = record["id"]!.GetValue<string>() + suffix;
        if (record["tags"] is JsonArray tags)
        {
            for (var t = 0; t < tags.Count; t++)
            {
                // base_model:<id> or base_model:<relation>:<id>; the id itself holds one slash and no colon.
                if (tags[t]?.GetValue<string>() is { } tag && tag.StartsWith(BaseModelTag, StringComparison.Ordinal) && tag.Contains('/'))
                    tags[t] = tag + suffix;
            }
        }

        if (record["cardData"] is JsonObject card && card["base_model"] is { } bases)
        {
            card["base_model"] = bases switch
            {
                JsonArray list => new JsonArray([.. list.Select(b => (JsonNode?)JsonValue.Create(b?.GetValue<string>() + suffix))]),
                JsonValue one when one.GetValueKind() == JsonValueKind.String => one.GetValue<string>() + suffix,
                _ => bases.DeepClone(),
            };
        }
    }
}
