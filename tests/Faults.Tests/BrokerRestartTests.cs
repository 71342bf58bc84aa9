using OpenAccess.Faults.Tests.Infrastructure;

namespace OpenAccess.Faults.Tests;

/// <summary>
/// The broker restarted mid-import (<c>rabbitmqctl stop_app</c>, a pause, <c>start_app</c>): every connection drops, the
/// queues come back from their durable store, the services reconnect. The final state is the fault-free run's; an import
/// the restart cut short says so in its run, and sending the file again completes it.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class BrokerRestartTests(FaultFreeRun faultFree)
{
    [Fact]
    public async Task The_broker_restarted_mid_import_leaves_the_pipeline_as_the_fault_free_run()
    {
        // Lineage logs each sweep that published (Information), so a failure's log shows whether the sweeps went on after the restart.
        await using var pipeline = await Pipeline.StartAsync("broker-restart", new Dictionary<string, string[]>
        {
            [Pipeline.Harvester] = Pipeline.FrequentCheckpoints,
            [Pipeline.Lineage] = ["--Logging:LogLevel:OpenAccess.Lineage.Graph.AdoptionPublisher=Information"],
        });
        var runId = await pipeline.UploadAsync(faultFree.Snapshot.Gzip, "broker-restart");
        var atRestart = await Eventually.Get(() => pipeline.RunAsync(runId), r => r.Lines > 0 || r.Status is not ("queued" or "running"), "the import's first checkpoint", 300);
        Assert.True(atRestart.Status == "running" && atRestart.Lines < FaultFreeRun.ImportSize, $"The import was not going on when the broker was to be restarted: {atRestart}");
        var stored = await pipeline.StoredModelsAsync();

        await Broker.RestartAsync(TimeSpan.FromSeconds(3));

        var run = await pipeline.WaitForRunAsync(runId);
        if (run.Status != "completed")
        {
            // Cut short: the run must say so, never end as completed with models missing. The user's remedy is to send the file again.
            Assert.True(run.Status == "failed" && !string.IsNullOrWhiteSpace(run.Failure), $"The run cut short by the restart: {run}");
            var again = await pipeline.WaitForRunAsync(await pipeline.UploadAsync(faultFree.Snapshot.Gzip, "broker-restart, again"));
            Assert.True(again.Status == "completed" && again.Published + again.Unchanged == FaultFreeRun.ImportSize, $"The file sent again: {again}");
        }
        else
        {
            Assert.True(run.Published == FaultFreeRun.ImportSize, $"The run that rode through the restart: {run}");
        }

        await FinalState.AssertEqualsFaultFreeAsync(pipeline, faultFree, $"the broker restarted at run {atRestart} with {stored} models in Lineage (run ended {run})");
    }
}
