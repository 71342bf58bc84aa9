using OpenAccess.Contracts;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Runs;

/// <summary>How far one consumer (one queue) has got with a run's events.</summary>
/// <param name="Name">The consumer's queue, e.g. <c>lineage-model-discovered</c>.</param>
/// <param name="MessageType"><c>ModelDiscovered</c> or <c>BenchmarkUpdated</c>.</param>
/// <param name="Stored">Events of the run it stored, over every process of the queue (see docs/pipeline.md for what counts).</param>
/// <param name="Published">Events of that type the run published so far: <see cref="HarvestRun.Published"/> or <see cref="HarvestRun.BenchmarksPublished"/>.</param>
/// <param name="CaughtUpAt">When it stored the last of them: set once the run has ended and <paramref name="Stored"/> reached <paramref name="Published"/>.</param>
/// <param name="LastStoredAt">When it last stored one of the run's events.</param>
/// <param name="ReportedAt">When it last reported.</param>
public sealed record RunConsumer(string Name, string MessageType, long Stored, long Published, DateTimeOffset? CaughtUpAt, DateTimeOffset LastStoredAt, DateTimeOffset ReportedAt)
{
    /// <summary>The run with its consumers, from the reports kept for it (every process of every queue).</summary>
    public static HarvestRun With(HarvestRun run, IEnumerable<HarvestRunProgress> reports)
    {
        var ended = run.Status is not (HarvestRun.Queued or HarvestRun.Running);
        var consumers = reports.Where(r => r.RunId == run.Id)
            .GroupBy(r => r.Consumer, StringComparer.Ordinal)
            .Select(queue =>
            {
                var type = queue.First().MessageType;
                var stored = queue.Sum(r => r.Stored);
                var published = type == nameof(BenchmarkUpdated) ? run.BenchmarksPublished : run.Published;
                var last = queue.Max(r => r.LastStoredAt);
                return new RunConsumer(queue.Key, type, stored, published, ended && stored >= published ? last : null, last, queue.Max(r => r.ReportedAt));
            })
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        return run with { Consumers = consumers };
    }
}
