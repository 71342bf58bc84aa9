using OpenAccess.Faults.Tests.Infrastructure;

namespace OpenAccess.Faults.Tests;

/// <summary>
/// A consumer killed with SIGKILL mid-ingest and restarted on its data: the messages it had taken and not acknowledged are
/// delivered again, and the final state is the fault-free run's, nothing lost and nothing counted twice.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ConsumerKillTests(FaultFreeRun faultFree)
{
    /// <summary>How long a killed service stays down: its queue fills meanwhile, as it would while a pod is rescheduled.</summary>
    static readonly TimeSpan Down = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Lineage_killed_mid_ingest_and_restarted_ends_as_the_fault_free_run()
    {
        await using var pipeline = await Pipeline.StartAsync("kill-lineage");
        var runId = await pipeline.UploadAsync(faultFree.Snapshot.Gzip, "kill-lineage");
        var stored = await Eventually.Get(pipeline.StoredModelsAsync, n => n >= FaultFreeRun.ImportSize / 4, "Lineage to store a quarter of the import", 300);
        Assert.True(stored < FaultFreeRun.ImportSize, $"Lineage had stored all {stored} models before it could be killed: not mid-ingest");

        await pipeline.KillAndRestartAsync(Pipeline.Lineage, Down);

        await AssertCompletedAsync(pipeline, runId);
        await FinalState.AssertEqualsFaultFreeAsync(pipeline, faultFree, $"Lineage was killed with {stored} of {FaultFreeRun.ImportSize} models stored");
    }

    [Fact]
    public async Task Evaluator_killed_mid_ingest_and_restarted_ends_as_the_fault_free_run()
    {
        await using var pipeline = await Pipeline.StartAsync("kill-evaluator");
        var ids = faultFree.Snapshot.ModelIds;
        var runId = await pipeline.UploadAsync(faultFree.Snapshot.Gzip, "kill-evaluator");
        var evaluator = pipeline[Pipeline.Evaluator].Http;
        await Eventually.Get(() => HasProfileAsync(evaluator, ids[ids.Count / 4]), has => has, "the Evaluator to profile a quarter of the import", 300);
        Assert.False(await HasProfileAsync(evaluator, ids[^1]), "The Evaluator had profiled the last model before it could be killed: not mid-ingest");

        await pipeline.KillAndRestartAsync(Pipeline.Evaluator, Down);

        await AssertCompletedAsync(pipeline, runId);
        await FinalState.AssertEqualsFaultFreeAsync(pipeline, faultFree, "the Evaluator was killed a quarter into the import");
    }

    [Fact]
    public async Task Fitting_killed_mid_ingest_and_restarted_ends_as_the_fault_free_run()
    {
        await using var pipeline = await Pipeline.StartAsync("kill-fitting");
        var runId = await pipeline.UploadAsync(faultFree.Snapshot.Gzip, "kill-fitting");
        // Mid-ingest: some of the fits the fault-free run ends with are stored, not all.
        var fits = await Eventually.Get(pipeline.StoredFitsAsync, n => n > 0, "Fitting to store its first fits", 300);
        Assert.True(fits < faultFree.ExpectedFits, $"Fitting had stored all {fits} fits before it could be killed: not mid-ingest");
        var stored = await pipeline.StoredModelsAsync();

        await pipeline.KillAndRestartAsync(Pipeline.Fitting, Down);

        await AssertCompletedAsync(pipeline, runId);
        await FinalState.AssertEqualsFaultFreeAsync(pipeline, faultFree, $"Fitting was killed with {fits} fits stored and {stored} models in Lineage");
    }

    static async Task<bool> HasProfileAsync(HttpClient evaluator, string id)
    {
        using var response = await evaluator.GetAsync($"/models/{string.Join('/', id.Split('/').Select(Uri.EscapeDataString))}");
        return response.IsSuccessStatusCode;
    }

    static async Task AssertCompletedAsync(Pipeline pipeline, string runId)
    {
        var run = await pipeline.WaitForRunAsync(runId);
        Assert.True(run.Status == "completed" && run.Published == FaultFreeRun.ImportSize, $"The import: {run}");
    }
}
