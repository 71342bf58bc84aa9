using System.Diagnostics;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Benchmarks;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;

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

var statistics = new EcosystemStatistics(graph);
var all = StatisticsFilter.None;
var total = Stopwatch.StartNew();
Time("authors per week", () => statistics.AuthorActivity(all, TimePeriod.Week));
Time("authors per month", () => statistics.AuthorActivity(all, TimePeriod.Month));
Time("repositories per author", () => statistics.RepositoriesPerAuthor(all));
Time("new models per week by type", () => statistics.NewModelsPerWeekByType(all));
Time("total models per week by architecture", () => statistics.TotalModelsPerWeekByArchitecture(all));
Time("concentration per month", () => statistics.Concentration(all));
Console.WriteLine($"full statistics recompute {total.ElapsedMilliseconds} ms");
Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");

void Time(string name, Func<object?> run)
{
    var t = Stopwatch.StartNew();
    run();
    Console.WriteLine($"  {name}: {t.ElapsedMilliseconds} ms");
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
