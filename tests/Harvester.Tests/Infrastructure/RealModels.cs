using System.IO.Compression;
using System.Text.Json;

namespace OpenAccess.Harvester.Tests.Infrastructure;

/// <summary>Real Hub model-info records: the bundled snapshot (see services/Standalone/Seed/README.md) and the recorded API answers in Fixtures/hf-api.</summary>
public static class RealModels
{
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static IReadOnlyList<string> FromSeed(int count)
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"));
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        var lines = new List<string>();
        while (lines.Count < count && reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line)) lines.Add(line);
        }

        return lines;
    }

    public static string IdOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    public static bool HasConfigOrSafetensors(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("config", out _) || document.RootElement.TryGetProperty("safetensors", out _);
    }
}
