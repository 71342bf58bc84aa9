using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace OpenAccess.Harvester.Benchmarks;

/// <summary>
/// A snapshot of the real shape: the bundled Hub records, repeated with new ids (<c>name-r{round}</c>) until
/// there are <c>count</c> lines, so every line is a real model-info object of its real size.
/// </summary>
public static class SyntheticSnapshot
{
    public static async Task<(int Lines, long Bytes)> WriteAsync(string seedPath, string path, int count)
    {
        var seed = new List<(string Id, string Line)>();
        await using (var gz = new GZipStream(File.OpenRead(seedPath), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz, Encoding.UTF8))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                using var document = JsonDocument.Parse(line);
                seed.Add((document.RootElement.GetProperty("id").GetString()!, line));
            }
        }

        await using var file = File.Create(path);
        await using var writer = new StreamWriter(file, new UTF8Encoding(false), 1 << 16);
        for (var i = 0; i < count; i++)
        {
            var (id, line) = seed[i % seed.Count];
            var newId = $"{id}-r{i / seed.Count}";
            await writer.WriteLineAsync(line.Replace($"\"id\":\"{id}\"", $"\"id\":\"{newId}\"", StringComparison.Ordinal));
        }

        await writer.FlushAsync();
        return (count, file.Length);
    }
}
