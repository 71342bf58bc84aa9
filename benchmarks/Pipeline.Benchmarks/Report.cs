namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>The figures of one run as a table, each beside its raw baseline.</summary>
public static class Report
{
    public static void Print(PipelineResult pipeline, BaselineResult raw, int prefetch)
    {
        var models = pipeline.Run.Published;
        var import = pipeline.Run.Duration.TotalSeconds;
        var quiescence = pipeline.Quiescence.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"| figure | pipeline (MassTransit services) | raw baseline |");
        Console.WriteLine($"|---|---|---|");
        Console.WriteLine($"| models published | {models:N0} ({pipeline.Run.Rejected:N0} rejected) | {raw.Run.Published:N0} |");
        Console.WriteLine($"| import (the run's start to completed) | {import:F1} s, {models / import:N0} models/s | {raw.Run.Duration.TotalSeconds:F1} s with no consumer running |");
        Console.WriteLine($"| time to quiescence (from the run's start) | {quiescence:F1} s | {raw.Run.Duration.TotalSeconds + raw.Drains.Take(2).Max(d => d.Wall.TotalSeconds):F1} s: the import, then the slower of the two raw drains (each ran alone) |");
        Console.WriteLine($"| quiescence / import | {quiescence / import:F2} | |");
        Console.WriteLine($"| stored when the import ended | {pipeline.AtImportEnd} | |");
        Console.WriteLine();
        Console.WriteLine($"| process | CPU a model (series) | models (series) | peak RSS | raw baseline: CPU a model (rate alone) |");
        Console.WriteLine($"|---|---|---|---|---|");
        foreach (var p in pipeline.Processes)
        {
            var baseline = p.Name switch
            {
                "Lineage" => $"{Drain(raw.Drains[0])}; with the consumer's logic {Drain(raw.Drains[2])}",
                "Evaluator" => $"{Drain(raw.Drains[1])}; with the consumer's logic {Drain(raw.Drains[3])}",
                "Harvester" => $"{raw.HarvesterCpuSeconds / raw.Run.Published * 1e6:F0} µs, importing with no consumer running (peak RSS {Mib(raw.HarvesterPeakRssBytes)})",
                "broker (beam.smp)" => $"{raw.BrokerImportCpuSeconds / raw.Run.Published * 1e6:F0} µs taking the import into four queues, " +
                    $"{raw.Drains.Take(2).Sum(d => d.BrokerCpuSeconds) / raw.Run.Published * 1e6:F0} µs delivering to the two raw consumers",
                _ => "",
            };
            var rss = p.Name.StartsWith("broker", StringComparison.Ordinal) ? $"{Mib(p.PeakRssBytes)} (sampled during the run)" : Mib(p.PeakRssBytes);
            Console.WriteLine($"| {p.Name} | {p.CpuBreakdown} a {p.Unit} | {p.Messages:N0} | {rss} | {baseline} |");
        }

        Console.WriteLine();
        Console.WriteLine($"| queue | peak ready messages | messages at the end |");
        Console.WriteLine($"|---|---|---|");
        foreach (var (queue, peak) in pipeline.QueuePeaks.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"| {queue} | {peak:N0} | {pipeline.QueuesAtEnd.GetValueOrDefault(queue):N0} |");
        }

        foreach (var (queue, left) in pipeline.QueuesAtEnd.Where(q => !pipeline.QueuePeaks.ContainsKey(q.Key)))
        {
            Console.WriteLine($"| {queue} (made during the run) | | {left:N0} |");
        }

        Console.WriteLine();
        Console.WriteLine($"final state: {pipeline.Final}; {pipeline.Final.SeriesPublished:N0} adoption series published; prefetch of the model consumers {prefetch} messages (OpenAccess:Bus:BatchEventPrefetchCount)");
        Console.WriteLine($"whole Hub, 2,000,000 models, at these rates: import {2_000_000.0 / models * import / 60:F1} min, quiescence {2_000_000.0 / models * quiescence / 60:F1} min (linear extrapolation)");
    }

    static string Drain(RawDrain d) => d.Failed ? "(the drain failed, see above)" : $"{d.OwnMicroseconds:F0} µs + {d.BrokerMicroseconds:F0} µs broker ({d.Rate:N0} models/s, {d.Wall.TotalSeconds:F1} s)";

    static string Mib(long bytes) => $"{bytes / 1048576.0:N0} MiB";
}
