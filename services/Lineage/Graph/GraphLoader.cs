using System.Diagnostics;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Replicas;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Graph;

/// <summary>
/// Rebuilds the graph from the store when the service starts, then opens it to the consumers. Records
/// stored before the graph's rules (limits, one spelling per id, refused links apart) are brought in line:
/// a record the graph reads differently is written back as the graph keeps it (by the writer only: a read replica
/// never writes the store); a second record of an id
/// in another spelling, or one whose id the graph cannot take, is left out and logged.
/// </summary>
public sealed class GraphLoader(
    GraphState state, ModelIntake intake, IDocumentCollection<StoredModel> models, IDocumentCollection<BenchmarkUpdated> benchmarks, ILogger<GraphLoader> logger,
    ReplicaOptions? replicas = null) : IHostedService
{
    readonly bool readOnly = replicas?.Mode == ReplicaMode.Reader;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        int count = 0, rewritten = 0, skipped = 0;
        await foreach (var model in models.ReadAllAsync(cancellationToken))
        {
            if (state.Graph.DisplayId(model.Id) is { } shown && shown != model.Id && state.Graph.Knows(shown))
            {
                logger.LogWarning("Left out the record of {ModelId}: the model is stored as {Stored} already (ids differ only in case)", model.Id, shown);
                skipped++;
                continue;
            }

            if (intake.Apply(model) is not { } applied)
            {
                skipped++;
                continue;
            }

            if (applied.Changed && !readOnly && await models.UpsertAsync(applied.Record.Id, applied.Record, cancellationToken))
            {
                rewritten++;
            }

            if (++count % 100_000 == 0)
            {
                logger.LogInformation("Loading the lineage graph: {Count} models so far", count);
            }
        }

        await foreach (var result in benchmarks.ReadAllAsync(cancellationToken))
        {
            state.SetBenchmark(BenchmarkKeys.Of(result), result);
        }

        state.MarkReady();
        logger.LogInformation("Lineage graph loaded: {Count} models in {Seconds:F1} s ({Rewritten} records brought in line with the graph, {Skipped} left out)",
            count, watch.Elapsed.TotalSeconds, rewritten, skipped);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
