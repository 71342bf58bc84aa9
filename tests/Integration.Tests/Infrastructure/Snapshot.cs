using System.IO.Compression;
using System.Text.Json;

namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>
/// The bundled real snapshot, read independently of the harvester's parser: the expected graph is
/// exactly what the Hub's <c>base_model:</c> tags say.
/// </summary>
public static class Snapshot
{
    public static string BundledPath => Path.Combine(AppContext.BaseDirectory, "Seed", "hub-model-trees-2025-04.jsonl.gz");

    static readonly string[] Relations = ["finetune", "adapter", "quantized", "merge"];

    public sealed record Link(string Child, string Parent, string Relation);

    public static IEnumerable<string> Lines(string path)
    {
        using var file = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(file);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    public static (IReadOnlyList<string> Ids, IReadOnlySet<Link> Links) Read(string path)
    {
        var ids = new List<string>();
        var links = new HashSet<Link>();
        using var file = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(file);
        while (reader.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var id = doc.RootElement.GetProperty("id").GetString()!;
            ids.Add(id);
            var tags = doc.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Where(t => t.StartsWith("base_model:")).ToList();
            var typed = new Dictionary<string, string>();
            foreach (var parts in tags.Select(t => t.Split(':', 3)).Where(p => p.Length == 3 && Relations.Contains(p[1])))
            {
                typed[parts[2]] = parts[1];
            }

            var bare = tags.Select(t => t.Split(':', 3)).Where(p => p.Length == 2).Select(p => p[1]);
            foreach (var parent in bare.Where(p => !typed.ContainsKey(p)))
            {
                typed[parent] = "finetune";
            }

            foreach (var (parent, relation) in typed)
            {
                links.Add(new Link(id, parent, relation));
            }
        }

        return (ids, links);
    }
}
