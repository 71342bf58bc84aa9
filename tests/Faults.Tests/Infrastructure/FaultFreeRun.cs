namespace OpenAccess.Faults.Tests.Infrastructure;

/// <summary>
/// The snapshot every fault test imports, and the state a pipeline without faults ends in after importing it: computed
/// once and shared by every test of the collection, each of which must end in the same state despite its fault.
/// </summary>
public sealed class FaultFreeRun : IAsyncLifetime
{
    /// <summary>
    /// Models in the import. The issue asks for a mid-size import (about 20,000); on the shared 2-core CI machine a run of the
    /// pipeline with its consumers takes about a minute per 10,000 models, and the project runs seven, so the whole project stays
    /// within its budget of about 8 minutes with 5,000 (four copies of the bundled trees: about 80 families with real shapes).
    /// </summary>
    public const int ImportSize = 5_000;

    public SyntheticSnapshot Snapshot { get; } = SyntheticSnapshot.Create(ImportSize);

    public PipelineState Expected { get; private set; } = null!;

    public long ExpectedModels { get; private set; }

    public int ExpectedFits { get; private set; }

    public async ValueTask InitializeAsync()
    {
        await using var pipeline = await Pipeline.StartAsync("fault-free");
        var run = await pipeline.WaitForRunAsync(await pipeline.UploadAsync(Snapshot.Gzip, "fault-free"));
        Assert.True(run.Status == "completed" && run.Published == ImportSize, $"the fault-free import: {run}");
        var quiet = await pipeline.WaitForQuiescenceAsync();
        Assert.DoesNotContain(await pipeline.DeadLettersAsync(), q => q.Value > 0);
        ExpectedModels = quiet.Models;
        ExpectedFits = quiet.Fits;
        Assert.Equal(ImportSize, ExpectedModels);
        Expected = await PipelineState.ReadAsync(pipeline, Snapshot.ModelIds);
        pipeline.Note($"read {Expected.Count} answers");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// The fault tests, which share the fault-free run. Run apart from every other collection (CollectionPerAssembly leaves the
/// classes outside it, such as the poison and replica tests, in a collection of their own, which would run beside this one):
/// no two tests of the project run at once (AssemblyInfo.cs).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<FaultFreeRun>
{
    public const string Name = "faults";
}
