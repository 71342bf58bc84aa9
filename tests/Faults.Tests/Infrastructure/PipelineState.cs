using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenAccess.Faults.Tests.Infrastructure;

/// <summary>
/// The final state of a pipeline as its users read it, answer by answer from the services' APIs: Lineage's count, every
/// model (its record, parents, children and families), the largest families with their sizes and adoption series and the
/// weekly new-model counts; every fit's parameters; every access profile. Two states are equal when every answer is.
/// </summary>
public sealed class PipelineState
{
    /// <summary>Requests in flight at once while reading a state: enough to keep the services busy, few enough for a loaded CI machine.</summary>
    const int Readers = 8;

    /// <summary>Profiles one <c>/compare</c> answers (the Evaluator's own maximum).</summary>
    const int ProfilesPerRequest = 10;

    /// <summary>
    /// Fields that number how often something was published or changed, not what it is: a redelivery or a crash between two
    /// sweeps counts one more without changing any figure (FamilyAdoptionChanged's version only orders series).
    /// </summary>
    static readonly HashSet<string> Counters = new(StringComparer.Ordinal) { "seriesVersion" };

    readonly SortedDictionary<string, string> answers;

    PipelineState(SortedDictionary<string, string> answers) => this.answers = answers;

    public int Count => answers.Count;

    public static async Task<PipelineState> ReadAsync(Pipeline pipeline, IReadOnlyList<string> modelIds)
    {
        var answers = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var lineage = pipeline[Pipeline.Lineage].Http;
        answers["lineage /stats/summary"] = await GetAsync(lineage, "/stats/summary");
        answers["lineage /stats/new-models"] = await GetAsync(lineage, "/stats/new-models");
        var families = await GetAsync(lineage, "/families?limit=1000");
        answers["lineage /families"] = families;
        var familyIds = JsonDocument.Parse(families).RootElement.EnumerateArray().Select(f => f.GetProperty("familyId").GetString()!).ToList();

        await Parallel.ForEachAsync(familyIds, new ParallelOptions { MaxDegreeOfParallelism = Readers }, async (id, _) =>
            answers[$"lineage /families/{id}/adoption"] = await GetAsync(lineage, $"/families/{Path(id)}/adoption"));
        await Parallel.ForEachAsync(modelIds, new ParallelOptions { MaxDegreeOfParallelism = Readers }, async (id, _) =>
            answers[$"lineage /models/{id}"] = await GetAsync(lineage, $"/models/{Path(id)}"));

        var fitting = pipeline[Pipeline.Fitting].Http;
        for (var offset = 0; ; offset += 1000)
        {
            var page = JsonDocument.Parse(await GetAsync(fitting, $"/fits?limit=1000&offset={offset}")).RootElement;
            foreach (var fit in page.GetProperty("items").EnumerateArray())
                answers[$"fitting /fits/{fit.GetProperty("familyId").GetString()}"] = fit.GetRawText();
            if (offset + 1000 >= page.GetProperty("total").GetInt32()) break;
        }

        // The series each fit was made from, as Fitting stores it: a fit that differs beside a series that does not is a fit
        // Fitting failed to redo, not a series Lineage got wrong.
        var fitted = answers.Keys.Where(k => k.StartsWith("fitting /fits/", StringComparison.Ordinal)).Select(k => k["fitting /fits/".Length..]).ToList();
        await Parallel.ForEachAsync(fitted, new ParallelOptions { MaxDegreeOfParallelism = Readers }, async (id, _) =>
            answers[$"fitting /series/{id}"] = await GetAsync(fitting, $"/series/{Path(id)}"));

        var evaluator = pipeline[Pipeline.Evaluator].Http;
        await Parallel.ForEachAsync(modelIds.Chunk(ProfilesPerRequest), new ParallelOptions { MaxDegreeOfParallelism = Readers }, async (ids, _) =>
        {
            using var response = await evaluator.GetAsync($"/compare?ids={string.Join(',', ids.Select(Uri.EscapeDataString))}");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // Some of these have no profile: the missing ones are named one by one, so a comparison says which.
                foreach (var id in ids) answers[$"evaluator /models/{id}"] = await GetAsync(evaluator, $"/models/{Path(id)}");
                return;
            }

            foreach (var profile in JsonDocument.Parse(body).RootElement.EnumerateArray())
                answers[$"evaluator /models/{profile.GetProperty("modelId").GetString()}"] = profile.GetRawText();
        });

        return new PipelineState(new SortedDictionary<string, string>(
            answers.ToDictionary(a => a.Key, a => Normalise(a.Value)), StringComparer.Ordinal));
    }

    /// <summary>The answer's status and body; a 404 is part of the state (a model Lineage never stored), not a failure to read it.</summary>
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

    /// <summary>The answers that differ from <paramref name="expected"/>'s (missing, extra or changed), at most <paramref name="shown"/> of them shown.</summary>
    public IReadOnlyList<string> DifferencesFrom(PipelineState expected, int shown = 8)
    {
        var differences = new List<string>();
        foreach (var key in expected.answers.Keys.Union(answers.Keys).Order(StringComparer.Ordinal))
        {
            var want = expected.answers.GetValueOrDefault(key);
            var got = answers.GetValueOrDefault(key);
            if (want == got) continue;
            differences.Add(want is null ? $"{key}: not in the fault-free run, here {Cut(got)}"
                : got is null ? $"{key}: missing here, fault-free {Cut(want)}"
                : $"{key}:\n  fault-free {Cut(want)}\n  here       {Cut(got)}");
        }

        return differences.Count <= shown ? differences : [.. differences.Take(shown), $"… {differences.Count - shown} more"];
    }

    static string? Cut(string? text) => text is { Length: > 700 } ? text[..700] + "…" : text;
}
