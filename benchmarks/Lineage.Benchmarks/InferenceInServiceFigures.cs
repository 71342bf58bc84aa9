using System.Diagnostics;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.Lineage.Benchmarks;

/// <summary>
/// Recovery as the service runs it (`-- inference-graph N copy|inplace`): InferenceFigures' synthetic Hub loaded into a
/// <see cref="LineageGraph"/>, then two recovery runs over the graph, either as before session 11 (every model copied out of
/// the graph into an <see cref="InferenceModel"/> with its parents' ids, then recovered) or in place
/// (<see cref="GraphInferenceInputs"/>: the graph's arrays read under its read lock). One mode a process, so each prints its
/// own peak resident set; beside them, the baseline: one dictionary lookup a model over the graph's ids.
/// </summary>
public static class InferenceInServiceFigures
{
    public static void Run(int count, bool inPlace)
    {
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; mode {(inPlace ? "in place" : "copy out (before)")}");
        var graph = new LineageGraph();
        foreach (var model in InferenceFigures.Generate(count))
            graph.Upsert(new LineageModel
            {
                Id = model.Id, Author = model.Author!, CreatedAt = model.CreatedAt, ModelType = model.ModelType,
                Parents = model.DeclaredParents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune)).ToList(),
            });
        InferenceFigures.Collect();
        var graphHeap = GC.GetTotalMemory(true);
        Console.WriteLine($"{graph.ModelCount:N0} models in the graph; managed heap {graphHeap / 1048576.0:F0} MiB; peak resident set so far {InferenceFigures.PeakRss()}");

        for (var round = 1; round <= 2; round++)
        {
            var baseline = Stopwatch.StartNew();
            var found = Baseline(graph);
            Console.WriteLine($"round {round} baseline (one dictionary lookup a model): {baseline.Elapsed.TotalSeconds:F2} s wall, {found:N0} names found");

            InferenceFigures.Collect();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated0 = GC.GetTotalAllocatedBytes(true);
            var clock = Stopwatch.StartNew();
            var inference = new ParentInference();
            var result = inPlace ? GraphInferenceInputs.RunOver(graph, inference) : inference.Run(CopyOut(graph));
            var wall = clock.Elapsed;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            var allocated = GC.GetTotalAllocatedBytes(true) - allocated0;
            Console.WriteLine($"round {round} recovery: {wall.TotalSeconds:F2} s wall, {cpu.TotalSeconds:F2} s CPU; {result.Links.Count:N0} links; "
                + $"allocated {allocated / 1048576.0:F0} MiB; peak resident set so far {InferenceFigures.PeakRss()}");
            GC.KeepAlive(result);
        }
        Console.WriteLine($"peak resident set (VmHWM) {InferenceFigures.PeakRss()}; load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>What the service did before: one record a model, with its parents' ids, under the read lock.</summary>
    static List<InferenceModel> CopyOut(LineageGraph graph) => graph.Read(() =>
    {
        var models = new List<InferenceModel>(graph.ModelCount);
        for (var node = 0; node < graph.Count; node++)
        {
            if (!graph.Known[node]) continue;
            var architecture = graph.ArchitectureOf[node] >= 0 ? graph.Architectures[graph.ArchitectureOf[node]] : null;
            models.Add(new InferenceModel
            {
                Id = graph.Ids[node],
                Author = graph.AuthorOf[node] >= 0 ? graph.Authors[graph.AuthorOf[node]] : null,
                CreatedAt = graph.CreatedAt(node),
                ModelType = architecture is not null && !architecture.Any(char.IsUpper) ? architecture : null,
                DeclaredParents = graph.ParentLinks[node] is { } links ? links.Select(l => graph.Ids[LineageGraph.NodeOf(l)]).ToArray() : [],
            });
        }
        return models;
    });

    static int Baseline(LineageGraph graph) => graph.Read(() =>
    {
        var names = new Dictionary<string, int>(graph.Count, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < graph.Count; i++) names.TryAdd(graph.Ids[i][(graph.Ids[i].IndexOf('/') + 1)..], i);
        var found = 0;
        for (var i = 0; i < graph.Count; i++)
        {
            var name = graph.Ids[i][(graph.Ids[i].IndexOf('/') + 1)..];
            var dash = name.LastIndexOf('-');
            if (dash > 0 && names.ContainsKey(name[..dash])) found++;
        }
        return found;
    });
}
