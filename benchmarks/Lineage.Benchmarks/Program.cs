using System.Diagnostics;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Benchmarks;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Tests.Support;

if (args is ["consume", ..])
{
    await OpenAccess.Lineage.Benchmarks.Consume.ConsumeBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 20_000, args.Length > 2 ? int.Parse(args[2]) : 200, args.Length > 3 ? args[3] : null);
    return;
}

if (args is ["consumer-path", ..])
{
    await OpenAccess.Lineage.Benchmarks.Consume.ConsumerPathFigures.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 20_000, args.Length > 2 ? int.Parse(args[2]) : 6);
    return;
}

if (args is ["envelope", ..])
{
    OpenAccess.Lineage.Benchmarks.Consume.EnvelopeReadFigures.Run(args.Length > 1 ? int.Parse(args[1]) : 50);
    return;
}

if (args is ["leaderboard", ..])
{
    LeaderboardPopulationFigures.Run(args.Length > 1 ? int.Parse(args[1]) : 50_000);
    return;
}

if (args is ["graph-state", ..])
{
    KeptRecordsFigures.Run(args.Length > 1 ? int.Parse(args[1]) : 200_000);
    return;
}

if (args is ["service-state", ..])
{
    ServiceStateFigures.Run(args.Length > 1 ? int.Parse(args[1]) : 200_000, args.Length > 2 ? args[2] : "defaults");
    return;
}

if (args is ["inference-graph", ..])
{
    InferenceInServiceFigures.Run(args.Length > 1 ? int.Parse(args[1]) : 200_000, inPlace: args is not [_, _, "copy"]);
    return;
}

if (args is ["inference", ..])
{
    InferenceFigures.Run(args.Length > 1 ? int.Parse(args[1]) : 2_000_000);
    return;
}

if (args is ["hostile"])
{
    HostileShapes.Run();
    return;
}

var count = args.Length > 0 ? int.Parse(args[0]) : 2_000_000;
var graph = new LineageGraph();
var clock = Stopwatch.StartNew();
foreach (var model in new SyntheticHub(count).Generate()) graph.Upsert(model);
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"loaded {graph.ModelCount:N0} models in {clock.Elapsed.TotalSeconds:F1} s");

GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
GC.WaitForPendingFinalizers();
Console.WriteLine($"managed heap {GC.GetTotalMemory(true) / 1048576.0:F0} MiB, working set {Environment.WorkingSet / 1048576.0:F0} MiB");

clock.Restart();
var families = graph.TopFamilies(200);
Console.WriteLine($"top 200 families (ranking every root) {clock.ElapsedMilliseconds} ms; largest {families[0].Derivatives:N0}");
clock.Restart();
graph.TopFamilies(20);
Console.WriteLine($"top 20 families again (cached ranking) {clock.ElapsedMilliseconds} ms");
var near50k = families.MinBy(f => Math.Abs(f.Derivatives - 50_000))!;

foreach (var family in new[] { near50k, families[0] })
    foreach (var sort in Enum.GetValues<DescendantSort>())
    {
        var query = new DescendantQuery { Sort = sort, Limit = 50 };
        var cold = Stopwatch.StartNew();
        graph.GetDescendants(family.FamilyId, query);
        var coldMs = cold.Elapsed.TotalMilliseconds;
        var (p50, p99) = Percentiles(() => graph.GetDescendants(family.FamilyId, query));
        Console.WriteLine($"descendants first page, family of {family.Derivatives:N0}, by {sort}: cold {coldMs:F1} ms, then p50 {p50:F3} ms, p99 {p99:F3} ms");
    }

// Writes keep arriving: each new derivative of the family is put in place in its sorted copies.
var arrivals = 0;
foreach (var sort in Enum.GetValues<DescendantSort>())
{
    var query = new DescendantQuery { Sort = sort, Limit = 50 };
    var (p50, p99) = Percentiles(() =>
    {
        graph.Upsert(new LineageModel
        {
            Id = $"bench/derivative-{++arrivals}",
            Author = "bench",
            CreatedAt = DateTimeOffset.UtcNow,
            Downloads = arrivals,
            Parents = [new BaseModelLink(near50k.FamilyId, BaseModelRelation.Finetune)],
        });
        return graph.GetDescendants(near50k.FamilyId, query);
    });
    Console.WriteLine($"new derivative + first page by {sort}, family of {near50k.Derivatives:N0}: p50 {p50:F3} ms, p99 {p99:F3} ms");
}

// Every statistic over the whole Hub, timed against the straightforward reference (the code before
// it was made fast) on the same graph, with a check that both give the same answer.
var fast = new EcosystemStatistics(graph);
var reference = new ReferenceStatistics(graph);
var all = StatisticsFilter.None;
(string Name, Func<object?> Fast, Func<object?> Reference)[] figures =
[
    ("authors per week", () => fast.AuthorActivity(all, TimePeriod.Week), () => reference.AuthorActivity(all, TimePeriod.Week)),
    ("authors per month", () => fast.AuthorActivity(all, TimePeriod.Month), () => reference.AuthorActivity(all, TimePeriod.Month)),
    ("repositories per author", () => fast.RepositoriesPerAuthor(all), () => reference.RepositoriesPerAuthor(all)),
    ("new models per week by type", () => fast.NewModelsByType(all), () => reference.NewModelsByType(all)),
    ("total models per week by architecture", () => fast.TotalModelsPerWeekByArchitecture(all), () => reference.TotalModelsPerWeekByArchitecture(all)),
    ("concentration per month", () => fast.Concentration(all), () => reference.Concentration(all)),
];
var fastRuns = figures.Select(f => Measure(f.Fast)).ToList();
var fastAgain = figures.Select(f => Measure(f.Fast)).ToList();
var referenceRuns = figures.Select(f => Measure(f.Reference)).ToList();
Console.WriteLine($"{"statistic (whole Hub)",-40}{"reference",11}{"now",9}{"again",9}  same answer");
for (var i = 0; i < figures.Length; i++)
    Console.WriteLine($"  {figures[i].Name,-38}{referenceRuns[i].Ms,8} ms{fastRuns[i].Ms,6} ms{fastAgain[i].Ms,6} ms  " +
        (JsonSerializer.Serialize(fastRuns[i].Answer) == JsonSerializer.Serialize(referenceRuns[i].Answer) ? "yes" : "NO"));
Console.WriteLine($"{"full statistics recompute",-40}{referenceRuns.Sum(r => r.Ms),8} ms{fastRuns.Sum(r => r.Ms),6} ms{fastAgain.Sum(r => r.Ms),6} ms");
Console.WriteLine($"  (now: first call, with JIT and first use of pooled arrays; again: second call; " +
    $"{fastRuns.Sum(r => r.AllocatedMiB):F0} MiB allocated, then {fastAgain.Sum(r => r.AllocatedMiB):F0} MiB)");
Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");

static (object? Answer, long Ms, double AllocatedMiB) Measure(Func<object?> run)
{
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var clock = Stopwatch.StartNew();
    var answer = run();
    return (answer, clock.ElapsedMilliseconds, (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1048576.0);
}

static (double P50, double P99) Percentiles(Func<object?> run)
{
    var times = new double[300];
    for (var i = 0; i < times.Length; i++)
    {
        var t = Stopwatch.GetTimestamp();
        run();
        times[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    }
    Array.Sort(times);
    return (times[150], times[296]);
}
