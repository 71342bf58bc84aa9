using OpenAccess.Faults.Tests.Infrastructure;

namespace OpenAccess.Faults.Tests;

/// <summary>
/// The Harvester killed with SIGKILL mid-import and restarted on its data: it resumes the upload run from its checkpoint
/// (publishing again, under the same message ids, what it had not yet saved), and the final state is the fault-free run's.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class HarvesterKillTests(FaultFreeRun faultFree)
{
    [Fact]
    public async Task The_harvester_killed_mid_import_resumes_its_run_and_the_pipeline_ends_as_the_fault_free_run()
    {
        await using var pipeline = await Pipeline.StartAsync("kill-harvester", new Dictionary<string, string[]> { [Pipeline.Harvester] = Pipeline.FrequentCheckpoints });
        var runId = await pipeline.UploadAsync(faultFree.Snapshot.Gzip, "kill-harvester");
        // Mid-import: the run has saved a checkpoint (its first batches published and confirmed) and not finished.
        var atKill = await Eventually.Get(() => pipeline.RunAsync(runId), r => r.Lines > 0 || r.Status is not ("queued" or "running"), "the import's first checkpoint", 300);
        Assert.True(atKill.Status == "running" && atKill.Lines < FaultFreeRun.ImportSize, $"The import was not going on when it was to be killed: {atKill}");

        await pipeline.KillAndRestartAsync(Pipeline.Harvester, TimeSpan.FromSeconds(1));

        var run = await pipeline.WaitForRunAsync(runId);
        Assert.True(run.Status == "completed" && run.Lines == FaultFreeRun.ImportSize,
            $"The run killed at {atKill} did not complete on restart: {run}\n{pipeline[Pipeline.Harvester].Tail()}");
        await FinalState.AssertEqualsFaultFreeAsync(pipeline, faultFree, $"the Harvester was killed at line {atKill.Lines} of {FaultFreeRun.ImportSize}");
    }
}
