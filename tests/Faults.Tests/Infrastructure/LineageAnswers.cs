using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenAccess.Faults.Tests.Infrastructure;

/// <summary>
/// What one Lineage process answers, read from its API: the statistics, the largest families with their adoption series,
/// every model, and the ancestors and descendants of every tenth. Two Lineage replicas over one store must answer alike.
/// </summary>
public sealed class LineageAnswers
{
    /// <summary>Requests in flight at once: enough to keep the process busy, few enough for a loaded CI machine.</summary>
    const int Readers = 8;

    /// <summary>Models whose ancestors and descendants are read: one in this many, which covers every tree of the snapshot's copies.</summary>
    const int WalkEvery = 10;

    /// <summary>
    /// Fields numbering changes within one process, not what is answered: a family's adoption 'seriesVersion' is the graph's
    /// own change counter, which each replica counts as it applied records.
    /// </summary>
    static readonly HashSet<string> Counters = new(StringComparer.Ordinal) { "seriesVersion" };

    static readonly string[] Statistics =
    [
        "/stats/summary", "/stats/new-models", "/stats/authors", "/stats/architectures", "/stats/concentration",
        "/stats/repositories-per-author", "/families?limit=1000",
    ];

    readonly SortedDictionary<string, string> answers;

    LineageAnswers(SortedDictionary<string, string> answers) => this.answers = answers;

    public int Count => answers.Count;

    public static async Task<LineageAnswers> ReadAsync(HttpClient lineage, IReadOnlyList<string> modelIds)
    {
        var answers = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Statistics) answers[path] = await GetAsync(lineage, path);

        var families = JsonDocument.Parse(answers["/families?limit=1000"]).RootElement.EnumerateArray().Select(f => f.GetProperty("familyId").GetString()!);
        var paths = families.Select(id => $"/families/{Path(id)}/adoption")
            .Concat(modelIds.Select(id => $"/models/{Path(id)}"))
            .Concat(modelIds.Where((_, i) => i % WalkEvery == 0).SelectMany(id => new[] { $"/models/{Path(id)}/ancestors", $"/models/{Path(id)}/descendants" }));
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = Readers }, async (path, _) => answers[path] = await GetAsync(lineage, path));

        return new LineageAnswers(new SortedDictionary<string, string>(answers.ToDictionary(a => a.Key, a => Normalise(a.Value)), StringComparer.Ordinal));
    }

    /// <summary>The answers that differ from <paramref name="other"/>'s, at most <paramref name="shown"/> of them shown.</summary>
    public IReadOnlyList<string> DifferencesFrom(LineageAnswers other, int shown = 8)
    {
        var differences = other.answers.Keys.Union(answers.Keys).Order(StringComparer.Ordinal)
            .Where(key => other.answers.GetValueOrDefault(key) != answers.GetValueOrDefault(key))
            .Select(key => Difference(key, other.answers.GetValueOrDefault(key), answers.GetValueOrDefault(key)))
            .ToList();
        return differences.Count <= shown ? differences : [.. differences.Take(shown), $"… {differences.Count - shown} more"];
    }

    /// <summary>The answer's status and body: a 404 is an answer too.</summary>
    static async Task<string> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK ? body : $"{(int)response.StatusCode} {body}";
    }

    static string Path(string id) => string.Join('/', id.Split('/').Select(Uri.EscapeDataString));

    static string Normalise(string answer)
    {
        if (!answer.StartsWith('{') && !answer.StartsWith('[')) return answer;
        var node = JsonNode.Parse(answer);
        Strip(node);
        return node!.ToJsonString();
    }

    static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).Where(Counters.Contains).ToList()) o.Remove(key);
                foreach (var (_, value) in o) Strip(value);
                break;
            case JsonArray a:
                foreach (var item in a) Strip(item);
                break;
        }
    }

    /// <summary>Both answers from a little before the first character where they part.</summary>
    static string Difference(string key, string? there, string? here)
    {
        var at = 0;
        while (there is not null && here is not null && at < there.Length && at < here.Length && there[at] == here[at]) at++;
        var from = Math.Max(0, at - 120);
        string? Cut(string? text) => text is null ? null : (from > 0 ? "…" : "") + text[Math.Min(from, text.Length)..Math.Min(text.Length, at + 300)];
        return $"{key} (from character {at}):\n  there {Cut(there) ?? "no answer"}\n  here  {Cut(here) ?? "no answer"}";
    }
}
