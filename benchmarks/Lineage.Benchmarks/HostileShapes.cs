using System.Diagnostics;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Benchmarks;

/// <summary>
/// `dotnet run -c Release -- hostile`: the shapes of issue #16 timed at the domain level: a 100,000-deep
/// chain arriving root first and deepest first, a model naming 50,000 parents, and the queries on them.
/// </summary>
public static class HostileShapes
{
    public static void Run()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        LineageModel Link(int i, int? parent) => new()
        {
            Id = $"deep/m{i}", Author = "deep", CreatedAt = start.AddMinutes(i),
            Parents = parent is { } p ? [new BaseModelLink($"deep/m{p}", BaseModelRelation.Finetune)] : [],
        };

        foreach (var deepestFirst in new[] { false, true })
        {
            var graph = new LineageGraph();
            var clock = Stopwatch.StartNew();
            var order = Enumerable.Range(0, 100_000);
            foreach (var i in deepestFirst ? order.Reverse() : order) graph.Upsert(Link(i, i == 0 ? null : i - 1));
            var load = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            var paths = graph.GetAncestors("deep/m99999")!;
            graph.GetModel("deep/m99999");
            graph.NearestAncestor("deep/m99999", _ => false);
            var queries = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            graph.TopFamilies(20);
            Console.WriteLine($"100,000-deep chain, {(deepestFirst ? "deepest" : "root")} first: load {load:F0} ms, " +
                $"ancestors + model + nearest ancestor {queries:F1} ms ({paths.Paths.Sum(p => p.Steps.Count)} steps), top families {clock.Elapsed.TotalMilliseconds:F0} ms");
        }

        var wide = new LineageGraph();
        var parents = Enumerable.Range(0, 50_000).Select(i => new BaseModelLink($"base/p{i}", BaseModelRelation.Merge)).ToList();
        var timer = Stopwatch.StartNew();
        var result = wide.Upsert(new LineageModel { Id = "wide/merge", Author = "wide", Parents = parents });
        Console.WriteLine($"one model naming 50,000 parents: {timer.Elapsed.TotalMilliseconds:F1} ms, {result.Parents.Count} kept, {result.ParentsCut:N0} cut");
    }
}
