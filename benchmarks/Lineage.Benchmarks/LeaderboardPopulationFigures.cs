using System.Diagnostics;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;

namespace OpenAccess.Lineage.Benchmarks;

/// <summary>
/// Every statistic over a leaderboard population of <c>rows</c> v2-shaped rows, beside the same statistics over a Hub
/// population of as many models (<see cref="SyntheticHub"/>), in one process. The leaderboard's recompute is what a
/// request pays after a row arrived: rebuilding the population from the members kept as rows arrive, then the
/// statistic; beside it the former rebuild, from every kept result, as the baseline.
/// </summary>
public static class LeaderboardPopulationFigures
{
    static readonly string[] Labels = ["🟢 pretrained", "🟩 continuously pretrained", "🔶 fine-tuned on domain-specific datasets",
        "💬 chat models (RLHF, DPO, IFT, ...)", "🤝 base merges and moerges", "❓ other"];
    static readonly string[] Architectures = ["LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM", "Gemma2ForCausalLM", "PhiForCausalLM",
        "Phi3ForCausalLM", "GPTNeoXForCausalLM", "MixtralForCausalLM", "GemmaForCausalLM", "FalconForCausalLM", "GPT2LMHeadModel", "OPTForCausalLM"];
    static readonly string[] Benchmarks = ["IFEval", "BBH", "MATH Lvl 5", "GPQA", "MUSR", "MMLU-PRO"];

    /// <summary>Deterministic rows: a tenth pretrained (bases of the others), a tenth of models also in a second precision.</summary>
    public static IEnumerable<BenchmarkUpdated> Rows(int count)
    {
        var random = new Random(18);
        var start = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var bases = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var label = i % 10 == 0 ? Labels[0] : Labels[1 + random.Next(Labels.Length - 1)];
            var id = $"org{random.Next(count / 8)}/model-{i}";
            if (label == Labels[0]) bases.Add(id);
            var scores = Benchmarks.Select(b => random.NextDouble() * 60).ToArray();
            var row = new BenchmarkUpdated
            {
                ModelId = id, Leaderboard = "open-llm-leaderboard", LeaderboardVersion = "v2", Precision = "bfloat16", ModelTypeLabel = label,
                EvaluatedAt = start.AddHours(i * 0.3), Average = scores.Average(),
                Scores = Benchmarks.Select((b, k) => new BenchmarkScore(b, "acc", scores[k], scores[k])).ToList(),
                Architecture = Architectures[random.Next(Architectures.Length)], ParametersInBillions = random.NextDouble() * 100,
                BaseModel = label == Labels[0] ? id : bases[random.Next(bases.Count)],
            };
            yield return row;
            if (i % 10 == 5) yield return row with { Precision = "float16", EvaluatedAt = row.EvaluatedAt!.Value.AddDays(1) };
        }
    }

    public static void Run(int count)
    {
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var state = new GraphState();
        var kept = new Dictionary<string, BenchmarkUpdated>();
        void Add(BenchmarkUpdated row)
        {
            state.SetBenchmark(BenchmarkKeys.Of(row), row);
            kept[BenchmarkKeys.Of(row)] = row;
        }
        foreach (var row in Rows(count)) Add(row);
        var graph = new LineageGraph();
        foreach (var model in new SyntheticHub(count).Generate()) graph.Upsert(model);
        var hub = new EcosystemStatistics(graph);
        var hubScores = state.BenchmarkScores("v2");
        var all = StatisticsFilter.None;
        var arrivals = 0;

        // A row arrives before each leaderboard figure, so each pays the population's rebuild.
        LeaderboardStatistics Fresh()
        {
            var row = Rows(1).First() with { ModelId = $"late/arrival-{++arrivals}" };
            Add(row);
            return state.Leaderboard("v2");
        }

        // The rebuild before the members were kept as rows arrive (the baseline): every kept result re-collected into
        // rows, then LeaderboardPopulation.Of choosing each model's winner and sorting them.
        LeaderboardStatistics Former()
        {
            var row = Rows(1).First() with { ModelId = $"late/arrival-{++arrivals}" };
            Add(row);
            return new LeaderboardStatistics(LeaderboardPopulation.Of(kept.Values.Select(b => new LeaderboardRow(
                b.ModelId, b.ModelTypeLabel, b.Architecture, b.ParametersInBillions, b.EvaluatedAt, b.Average,
                b.Scores.Select(s => KeyValuePair.Create(s.Benchmark, s.NormalisedValue ?? s.RawValue)), b.BaseModel, b.Precision)), namesBases: true));
        }

        (string Name, Func<object?> Hub, Func<object?> Leaderboard)[] figures =
        [
            ("authors per week", () => hub.AuthorActivity(all, TimePeriod.Week), () => Fresh().AuthorActivity(all, TimePeriod.Week)),
            ("repositories per author", () => hub.RepositoriesPerAuthor(all), () => Fresh().RepositoriesPerAuthor(all)),
            ("new models per week by type", () => hub.NewModelsByType(all), () => Fresh().NewModelsByType(all)),
            ("total models per week by architecture", () => hub.TotalModelsPerWeekByArchitecture(all), () => Fresh().TotalModelsPerWeekByArchitecture(all)),
            ("concentration per month", () => hub.Concentration(all), () => Fresh().Concentration(all)),
            ("benchmark deltas", () => hub.BenchmarkDeltas(hubScores, all), () => Fresh().BenchmarkDeltas(all)),
        ];
        var p = state.Leaderboard("v2").Population;
        Console.WriteLine($"hub population: {graph.ModelCount:N0} models; leaderboard-v2 population: {p.Rows:N0} rows, {p.Count:N0} members");
        foreach (var f in figures) // JIT
        {
            f.Hub();
            f.Leaderboard();
        }
        // On a shared machine wall time stretches with the load; the process's CPU time is the work done.
        Former(); // JIT
        Console.WriteLine($"{"statistic (median of 5; wall / CPU)",-40}{"hub",18}{"leaderboard",20}{"of which rebuild",20}{"former rebuild",20}");
        (double Wall, double Cpu) hubTotal = default, leaderboardTotal = default;
        foreach (var (name, hubRun, leaderboardRun) in figures)
        {
            var h = Median(hubRun);
            var l = Median(leaderboardRun);
            var rebuild = Median(Fresh);
            var former = Median(Former);
            hubTotal = (hubTotal.Wall + h.Wall, hubTotal.Cpu + h.Cpu);
            leaderboardTotal = (leaderboardTotal.Wall + l.Wall, leaderboardTotal.Cpu + l.Cpu);
            Console.WriteLine($"  {name,-38}{Both(h),18}{Both(l),20}{Both(rebuild),20}{Both(former),20}");
        }
        Console.WriteLine($"{"every statistic recomputed",-40}{Both(hubTotal),18}{Both(leaderboardTotal),20}");
        var built = state.Leaderboard("v2");
        var onBuilt = Median(() =>
        {
            built.AuthorActivity(all, TimePeriod.Week);
            built.RepositoriesPerAuthor(all);
            built.NewModelsByType(all);
            built.TotalModelsPerWeekByArchitecture(all);
            built.Concentration(all);
            return built.BenchmarkDeltas(all);
        });
        Console.WriteLine($"{"every statistic, population already built",-40}{"",18}{Both(onBuilt),20}");
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    static string Both((double Wall, double Cpu) t) => $"{t.Wall:F1} / {t.Cpu:F0} ms";

    /// <summary>Median wall time and median CPU time of the process (all threads, GC included) over five runs.</summary>
    static (double Wall, double Cpu) Median(Func<object?> run)
    {
        var (wall, cpu) = (new double[5], new double[5]);
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < wall.Length; i++)
        {
            process.Refresh();
            var used = process.TotalProcessorTime;
            var t = Stopwatch.GetTimestamp();
            run();
            wall[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - used).TotalMilliseconds;
        }
        Array.Sort(wall);
        Array.Sort(cpu);
        return (wall[2], cpu[2]);
    }
}
