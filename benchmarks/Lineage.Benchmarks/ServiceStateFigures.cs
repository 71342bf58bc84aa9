using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.Lineage.Benchmarks;

/// <summary>
/// The Lineage service's state at Hub scale (`-- service-state N [defaults|no-inferred-graph|declared-only]`): a
/// <see cref="GraphState"/> built as the intake builds it (<see cref="ModelIntake"/>'s two steps: the upsert, then the card's
/// mentions into <see cref="GraphState.CardMentions"/> by node), fed InferenceFigures' synthetic Hub (40 % without a declared
/// parent, Hub-shaped names) with Hub-like records (12 tags of about 18 characters, each its own string, 1 % conversational;
/// an architecture, a pipeline tag, a size), then one recovery run (<see cref="InferredParents.Refresh"/>, which also fills the
/// graph with inferred links). Card mentions follow the bundled crawl's cards as the Harvester reads them: the share of cards
/// naming 0, 1, 2… models and the share of mentions with a derivation phrase are measured from the seed, each card names its
/// model's parent first when it has one (declared or not), then other earlier models. Prints the managed heap after a full
/// collection after each step, and the peak resident set.
/// </summary>
public static class ServiceStateFigures
{
    public static void Run(int count, string variant)
    {
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; variant {variant}; server GC {System.Runtime.GCSettings.IsServerGC}");
        var options = new LineageOptions();
        switch (variant)
        {
            case "defaults": break;
            case "no-inferred-graph": options.Inference.InferredLinkGraph = false; break;
            case "declared-only": options.Inference.InferredLinkGraph = false; options.LeaderboardLinkGraph = false; break;
            default: throw new ArgumentException($"variant must be defaults, no-inferred-graph or declared-only, not '{variant}'");
        }
        var census = MentionCensus.OfSeed();
        Console.WriteLine($"seed cards: {census.Cards:N0} records, {census.Describe()}");

        var models = InferenceFigures.Generate(count);
        var parentOf = ParentsOf(models);
        InferenceFigures.Collect();
        var inputHeap = GC.GetTotalMemory(true);

        var clock = Stopwatch.StartNew();
        var state = new GraphState(options);
        var random = new Random(5);
        long mentionCount = 0;
        for (var i = 0; i < models.Count; i++)
        {
            var m = models[i];
            var tags = KeptRecordsFigures.HubLikeTags(i);
            // Every string its own, as a deserialised event gives them: what the state keeps of a record is then what it costs.
            var result = state.Upsert(new LineageModel
            {
                Id = Fresh(m.Id), Author = Fresh(m.Author!), CreatedAt = m.CreatedAt, LastModified = m.CreatedAt!.Value.AddMinutes(5),
                Downloads = i % 1000, Likes = i % 37, PipelineTag = Fresh("text-generation"), Tags = tags, ModelType = Fresh(m.ModelType!),
                Architectures = [Fresh("LlamaForCausalLM")], ParameterCount = 7_000_000_000,
                Parents = m.DeclaredParents.Select(p => new BaseModelLink(Fresh(p), BaseModelRelation.Finetune)).ToList(),
            });
            var mentions = census.Draw(random, i, parentOf[i], models);
            mentionCount += mentions.Count;
            var kept = state.CardMentions.Check(mentions).Kept;
            state.CardMentions.Set(state.Graph.Read(() => state.Graph.Find(result.Id)), kept);
        }
        var loadTime = clock.Elapsed;
        Console.WriteLine($"{state.Graph.ModelCount:N0} models ({models.Count(m => m.DeclaredParents.Count == 0):N0} without a declared parent), {mentionCount:N0} card mentions; "
            + $"loaded in {loadTime.TotalSeconds:F1} s");
        models = null;
        parentOf = null;
        InferenceFigures.Collect();
        var stateHeap = GC.GetTotalMemory(true);
        Console.WriteLine($"state after load: managed heap {Mib(stateHeap)} (generator's input, now dropped: {Mib(inputHeap)}); "
            + $"peak resident set so far {InferenceFigures.PeakRss()}, resident now {CurrentRss()}");

        var recovery = new InferredParents(state, options, TimeProvider.System, NullLogger<InferredParents>.Instance);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated0 = GC.GetTotalAllocatedBytes(true);
        clock.Restart();
        recovery.Refresh();
        var wall = clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        var allocated = GC.GetTotalAllocatedBytes(true) - allocated0;
        InferenceFigures.Collect();
        var afterHeap = GC.GetTotalMemory(true);
        Console.WriteLine($"recovery: {wall.TotalSeconds:F1} s wall, {cpu.TotalSeconds:F1} s CPU, allocated {Mib(allocated)}; {recovery.LastResult!.Links.Count:N0} links, "
            + $"{state.InferredLinkCount:N0} in the graph with inferred links (>= {options.Inference.StatisticsMinConfidence})");
        Console.WriteLine($"state after recovery: managed heap {Mib(afterHeap)} (the run's answers held: {Mib(afterHeap - stateHeap)}); "
            + $"peak resident set {InferenceFigures.PeakRss()}, resident now {CurrentRss()}; load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        GC.KeepAlive(state);
        GC.KeepAlive(recovery);
    }

    static string Fresh(string text) => new(text.AsSpan());

    static string Mib(long bytes) => $"{bytes / 1048576.0:N0} MiB";

    static string CurrentRss() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))?[6..].Trim() ?? "unknown";

    /// <summary>Each synthetic model's true parent (declared or dropped), from the declared id or, when dropped, its name's origin; -1 for a base.</summary>
    static int[] ParentsOf(List<InferenceModel> models)
    {
        // The generator drops one declared link in seven; its true parent is not kept, so a card names the nearest earlier
        // model whose name its own name extends (the parent for a quantization or an extended name), else none.
        var byId = new Dictionary<string, int>(models.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < models.Count; i++) byId.TryAdd(models[i].Id, i);
        var byName = new Dictionary<string, int>(models.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < models.Count; i++) byName.TryAdd(models[i].Id[(models[i].Id.IndexOf('/') + 1)..], i);
        var parents = new int[models.Count];
        for (var i = 0; i < models.Count; i++)
        {
            parents[i] = -1;
            if (models[i].DeclaredParents is [var declared, ..] && byId.TryGetValue(declared, out var p)) parents[i] = p;
            else
            {
                var name = models[i].Id[(models[i].Id.IndexOf('/') + 1)..];
                var dash = name.LastIndexOf('-');
                if (dash > 0 && byName.TryGetValue(name[..dash], out var q) && q < i) parents[i] = q;
            }
        }
        return parents;
    }

    /// <summary>How many models the bundled crawl's cards name, as the Harvester reads them (its limits: 200,000 characters, 32 mentions).</summary>
    sealed class MentionCensus
    {
        public int Cards => counts.Count;
        readonly List<int> counts = [];
        double phraseShare;

        public static MentionCensus OfSeed()
        {
            var path = Path.Combine(Root(), "services/Standalone/Seed/hub-model-trees-2025-04.jsonl.gz");
            var census = new MentionCensus();
            int withPhrase = 0, total = 0;
            using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
            while (reader.ReadLine() is { } line)
            {
                using var doc = JsonDocument.Parse(line);
                var id = doc.RootElement.GetProperty("id").GetString();
                var card = doc.RootElement.TryGetProperty("card", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                var mentions = CardModelMentions.Scan(card, 200_000, 32, id);
                census.counts.Add(mentions.Count);
                total += mentions.Count;
                withPhrase += mentions.Count(m => m.Derivation is not null);
            }
            census.phraseShare = total == 0 ? 0 : (double)withPhrase / total;
            return census;
        }

        public string Describe() =>
            $"mentions a card: mean {counts.Average():F2}, none {counts.Count(c => c == 0) * 100.0 / counts.Count:F0} %, "
            + $"more than 8 {counts.Count(c => c > 8) * 100.0 / counts.Count:F1} %, at most {counts.Max()}; with a derivation phrase {phraseShare * 100:F0} %";

        /// <summary>A card for model <paramref name="i"/>: as many mentions as a random seed card, its parent first, then earlier models.</summary>
        public List<ModelMention> Draw(Random random, int i, int parent, List<InferenceModel> models)
        {
            var n = Math.Min(counts[random.Next(counts.Count)], i);
            var mentions = new List<ModelMention>(n);
            if (n > 0 && parent >= 0) mentions.Add(new ModelMention(Fresh(models[parent].Id), random.NextDouble() < phraseShare ? BaseModelRelation.Finetune : null));
            while (mentions.Count < n)
            {
                var other = Fresh(models[random.Next(i)].Id);
                if (mentions.All(m => !m.Id.Equals(other, StringComparison.OrdinalIgnoreCase))) mentions.Add(new ModelMention(other, null));
                else n--;
            }
            return mentions;
        }

        static string Root()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "OpenAccess.sln"))) return dir.FullName;
            return Directory.GetCurrentDirectory();
        }
    }
}
