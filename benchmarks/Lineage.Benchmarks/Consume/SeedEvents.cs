using System.IO.Compression;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;

namespace OpenAccess.Lineage.Benchmarks.Consume;

/// <summary>
/// <see cref="ModelDiscovered"/> events of the real shape: the bundled Hub trees mapped by the Harvester's own mapper, repeated
/// with new ids (<c>name-r{round}</c>) until there are as many as asked. Each copy keeps its links: a parent that is in the
/// bundle is renamed with its child, so every round is a copy of the real families, not a crowd of orphans.
/// </summary>
public static class SeedEvents
{
    public static IReadOnlyList<ModelDiscovered> Load(string seedPath, int count)
    {
        var seed = new List<ModelDiscovered>();
        using (var gz = new GZipStream(File.OpenRead(seedPath), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
        {
            while (reader.ReadLine() is { } line)
            {
                using var document = JsonDocument.Parse(line);
                if (HubModelMapper.Map(document.RootElement).Model is { } model) seed.Add(model);
            }
        }

        var inBundle = seed.Select(m => m.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var events = new List<ModelDiscovered>(count);
        for (var i = 0; i < count; i++)
        {
            var model = seed[i % seed.Count];
            var round = i / seed.Count;
            events.Add(round == 0 ? model : model with
            {
                Id = $"{model.Id}-r{round}",
                Sha = $"{model.Sha}-r{round}",
                BaseModels = [.. model.BaseModels.Select(p => inBundle.Contains(p.Id) ? p with { Id = $"{p.Id}-r{round}" } : p)],
            });
        }

        return events;
    }

    /// <summary>The bundled snapshot, found from the working directory up (the benchmark runs from the repository or its output folder).</summary>
    public static string FindSeed()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "services", "Standalone", "Seed", "hub-model-trees-2025-04.jsonl.gz");
            if (File.Exists(path)) return path;
        }

        throw new FileNotFoundException("services/Standalone/Seed/hub-model-trees-2025-04.jsonl.gz not found above the working directory");
    }
}
