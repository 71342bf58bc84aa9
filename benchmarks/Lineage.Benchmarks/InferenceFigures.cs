using System.Diagnostics;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.Lineage.Benchmarks;

/// <summary>
/// Parent recovery over a synthetic Hub (`-- inference N`): N models, 30 % bases and 70 % derivatives of a random earlier
/// model (SyntheticHub's Yule process), one derivative in seven with its declared link dropped, so 40 % of the models declare
/// no parent. Names are shaped like the Hub's: a quantization is its parent's name plus a format suffix, half the adapters and
/// fine-tunes extend their parent's name, the rest have names of their own, one fine-tune in a hundred re-uses its parent's name
/// exactly; bases share 40 config shapes (so shapes alone are always ambiguous). Beside it, in the same process, the baseline:
/// one dictionary lookup a model of its name less its last word.
/// </summary>
public static class InferenceFigures
{
    public static void Run(int count)
    {
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var models = Generate(count);
        var undeclared = models.Count(m => m.DeclaredParents.Count == 0);
        Collect();
        var inputHeap = GC.GetTotalMemory(true);
        Console.WriteLine($"{count:N0} models, {undeclared:N0} ({100.0 * undeclared / count:F1} %) without a declared parent; input {inputHeap / 1048576.0:F0} MiB managed");

        for (var round = 1; round <= 2; round++)
        {
            var baseline = Stopwatch.StartNew();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var found = Baseline(models);
            Console.WriteLine($"round {round} baseline (one dictionary lookup a model): {baseline.Elapsed.TotalSeconds:F2} s wall, "
                + $"{(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:F2} s CPU, {found:N0} names found");

            Collect();
            var clock = Stopwatch.StartNew();
            cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated0 = GC.GetTotalAllocatedBytes(true);
            var result = new ParentInference().Run(models);
            var wall = clock.Elapsed;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            var allocated = GC.GetTotalAllocatedBytes(true) - allocated0;
            var heldHeap = GC.GetTotalMemory(true);
            Console.WriteLine($"round {round} recovery: {wall.TotalSeconds:F2} s wall, {cpu.TotalSeconds:F2} s CPU; {result.Links.Count:N0} links, "
                + $"{result.Alternatives.Count:N0} alternatives, {result.AmbiguousNames:N0} ambiguous names, {result.AmbiguousShapes:N0} ambiguous shapes, "
                + $"{result.CycleRefused:N0} cycles refused; allocated {allocated / 1048576.0:F0} MiB; managed heap with input and result {heldHeap / 1048576.0:F0} MiB "
                + $"(result {(heldHeap - inputHeap) / 1048576.0:F0} MiB)");
            GC.KeepAlive(result);
        }
        // Hostile shape: a tenth of N models all carrying one name (and one undated, so time rules nothing out).
        var same = Enumerable.Range(0, count / 10).Select(i => new InferenceModel { Id = $"u{i}/Llama-2-7b-GGUF" }).ToList();
        var hostile = Stopwatch.StartNew();
        var sameResult = new ParentInference().Run(same);
        Console.WriteLine($"{same.Count:N0} models carrying one name: {hostile.Elapsed.TotalSeconds:F2} s wall, {sameResult.Links.Count:N0} links, {sameResult.AmbiguousNames:N0} ambiguous names");
        Console.WriteLine($"peak resident set (VmHWM) {PeakRss()}; load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    static int Baseline(IReadOnlyList<InferenceModel> models)
    {
        var names = new Dictionary<string, int>(models.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < models.Count; i++) names.TryAdd(models[i].Id[(models[i].Id.IndexOf('/') + 1)..], i);
        var found = 0;
        foreach (var model in models)
        {
            var name = model.Id[(model.Id.IndexOf('/') + 1)..];
            var dash = name.LastIndexOf('-');
            if (dash > 0 && names.ContainsKey(name[..dash])) found++;
        }
        return found;
    }

    internal static List<InferenceModel> Generate(int count)
    {
        var random = new Random(7);
        var names = new string[count];
        var shapes = new ConfigShape?[count];
        var types = new string[count];
        var parentOf = new int[count];
        var depth = new byte[count];
        string[] families = ["llama", "mistral", "qwen2", "gemma", "phi", "gpt2", "bert", "t5"];
        string[] formats = ["GGUF", "AWQ", "GPTQ", "exl2", "MLX", "bnb-4bit", "Q4_K_M-GGUF", "i1-GGUF"];
        var start = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var models = new List<InferenceModel>(count);
        for (var i = 0; i < count; i++)
        {
            var author = $"user{(int)(Math.Pow(random.NextDouble(), 3) * count / 7)}";
            string? declared = null;
            if (i > 0 && random.NextDouble() >= 0.3)
            {
                var parent = random.Next(i);
                while (depth[parent] >= 6) parent = parentOf[parent];
                (parentOf[i], depth[i], types[i], shapes[i]) = (parent, (byte)(depth[parent] + 1), types[parent], shapes[parent]);
                var roll = random.NextDouble();
                names[i] = roll < 0.2 ? $"{names[parent]}-{formats[random.Next(formats.Length)]}"
                    : roll < 0.35 ? (random.Next(2) == 0 ? $"{names[parent]}-lora-r{random.Next(64)}" : $"run-{i}")
                    : roll < 0.36 ? names[parent]
                    : roll < 0.95 ? (random.Next(2) == 0 ? $"{names[parent]}-sft-{i}" : $"chat-{i}")
                    : $"merge-{i}-slerp";
                // One derivative in seven declares nothing: with the 30 % bases, 40 % of the Hub has no declared parent.
                if (random.Next(7) != 0) declared = $"{(parent % 9973 == 0 ? "o" : "org")}{parent % 9973}/{names[parent]}";
            }
            else
            {
                parentOf[i] = -1;
                types[i] = families[random.Next(families.Length)];
                names[i] = $"{char.ToUpperInvariant(types[i][0])}{types[i][1..]}{i}-{1 + random.Next(70)}B";
                var s = random.Next(40);
                shapes[i] = new ConfigShape(types[i], 16 + s, 2048 + 128 * s, 16 + s % 4 * 8, 8, 32_000 + s);
            }
            models.Add(new InferenceModel
            {
                Id = $"{(i % 9973 == 0 ? "o" : "org")}{i % 9973}/{names[i]}",
                Author = author,
                CreatedAt = start.AddMinutes(i),
                ModelType = types[i],
                Shape = shapes[i],
                DeclaredParents = declared is null ? [] : [declared],
            });
        }
        return models;
    }

    internal static void Collect()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    internal static string PeakRss() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))?[6..].Trim() ?? "unknown";
}
