using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace OpenAccess.Hostile.Tests.Infrastructure;

/// <summary>Snapshot lines in the Hub's model-info shape, and files built from them.</summary>
public static class Records
{
    public static string Line(string id, string createdAt = "2024-03-01T00:00:00Z", IEnumerable<string>? parents = null,
        string relation = "finetune", object? config = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["author"] = id.Split('/')[0],
            ["sha"] = "0123456789abcdef0123456789abcdef01234567",
            ["createdAt"] = createdAt,
            ["lastModified"] = createdAt,
            ["downloads"] = 10,
            ["pipeline_tag"] = "text-generation",
            ["tags"] = (parents ?? []).Select(p => $"base_model:{relation}:{p}").Prepend("transformers").ToArray(),
            ["config"] = config,
        });

    public static byte[] Jsonl(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(line).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A chain <c>{prefix}/m0 ← m1 ← … ← m{depth-1}</c>, each a fine-tune of the one before, dated a minute apart.</summary>
    public static IEnumerable<string> Chain(string prefix, int depth)
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < depth; i++)
            yield return Line($"{prefix}/m{i}", start.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ"), i == 0 ? null : [$"{prefix}/m{i - 1}"]);
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal)) gzip.Write(content);
        return buffer.ToArray();
    }
}
