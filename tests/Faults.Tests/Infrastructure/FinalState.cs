namespace OpenAccess.Faults.Tests.Infrastructure;

/// <summary>The check every fault test ends with: the pipeline quiet, nothing in an error queue, every answer as the fault-free run's.</summary>
public static class FinalState
{
    public static async Task AssertEqualsFaultFreeAsync(Pipeline pipeline, FaultFreeRun faultFree, string fault)
    {
        var quiet = await pipeline.WaitForQuiescenceAsync();
        var dead = await pipeline.DeadLettersAsync();
        Assert.True(dead.Values.All(n => n == 0),
            $"After {fault}, messages sit in error queues: {string.Join(", ", dead.Select(q => $"{q.Key} {q.Value}"))}\n{Faults(pipeline)}");
        Assert.True(quiet.Models == faultFree.ExpectedModels, $"After {fault}, Lineage stores {quiet.Models} models, the fault-free run {faultFree.ExpectedModels}.");

        var state = await PipelineState.ReadAsync(pipeline, faultFree.Snapshot.ModelIds);
        pipeline.Note($"read {state.Count} answers");
        var differences = state.DifferencesFrom(faultFree.Expected);
        Assert.True(differences.Count == 0,
            $"After {fault}, answers differ from the fault-free run's ({state.Count} read here, {faultFree.Expected.Count} there):\n{string.Join('\n', differences)}\n{Faults(pipeline)}");
    }

    /// <summary>The errors the services logged, for a failure message.</summary>
    static string Faults(Pipeline pipeline) =>
        string.Join('\n', new[] { Pipeline.Lineage, Pipeline.Evaluator, Pipeline.Fitting }.Select(s => $"{s}: {pipeline[s].Tail(6000)}"));
}
