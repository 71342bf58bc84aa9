using System.Diagnostics;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Graph;

/// <summary>Rebuilds the graph from the store when the service starts, then opens it to the consumers.</summary>
public sealed class GraphLoader(
    GraphState state, IDocumentCollection<StoredModel> models, IDocumentCollection<BenchmarkUpdated> benchmarks, ILogger<GraphLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        await foreach (var model in models.ReadAllAsync(cancellationToken))
        {
            state.Upsert(model.ToGraphModel());
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
        logger.LogInformation("Lineage graph loaded: {Count} models in {Seconds:F1} s", count, watch.Elapsed.TotalSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
