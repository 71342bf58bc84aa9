using OpenAccess.Faults.Tests.Infrastructure;

namespace OpenAccess.Faults.Tests;

/// <summary>
/// Lineage as the production overlay runs it: one writer (it stores and publishes) and read replicas, each process on the same
/// RabbitMQ and the same store (here the writer's SQLite file, which the readers only read). Every replica answers as the
/// writer does, whether it was there before the import, started during it or after it; and Fitting receives each family's
/// series once per version, as from a single Lineage.
/// </summary>
public sealed class LineageReplicaTests
{
    /// <summary>Models in the import: the bundled trees copied a few times, enough for a replica to start while it goes on.</summary>
    const int ImportSize = 2_000;

    static readonly string[] Writer = ["--OpenAccess:Lineage:Replicas:Mode=Writer"];

    static string[] Reader(string instance) => ["--OpenAccess:Lineage:Replicas:Mode=Reader", $"--OpenAccess:Lineage:Replicas:Instance={instance}"];

    [Fact]
    public async Task Replicas_started_before_during_and_after_an_import_answer_as_the_writer_and_Fitting_gets_each_series_once_per_version()
    {
        var snapshot = SyntheticSnapshot.Create(ImportSize);
        await using var pipeline = await Pipeline.StartAsync("replicas", new Dictionary<string, string[]> { [Pipeline.Lineage] = Writer });
        await using var tap = await AdoptionTap.BindAsync(pipeline.BrokerUri);
        var before = await pipeline.StartAnotherAsync("Lineage replica before", Pipeline.Lineage, Reader("before"));
        pipeline.Note("a replica started before the import is ready");

        var runId = await pipeline.UploadAsync(snapshot.Gzip, "replicas");
        var storedWhenStarted = await Eventually.Get(pipeline.StoredModelsAsync, n => n >= ImportSize / 4, "the writer to store a quarter of the import", 300);
        var during = await pipeline.StartAnotherAsync("Lineage replica during", Pipeline.Lineage, Reader("during"));
        pipeline.Note($"a replica started with {storedWhenStarted} of {ImportSize} models stored is ready");

        var run = await pipeline.WaitForRunAsync(runId);
        Assert.True(run.Status == "completed" && run.Published == ImportSize, $"The import: {run}");
        var quiet = await pipeline.WaitForQuiescenceAsync(); // every queue empty, the replicas' own too
        Assert.Equal(ImportSize, quiet.Models);
        Assert.DoesNotContain(await pipeline.DeadLettersAsync(), q => q.Value > 0);

        var after = await pipeline.StartAnotherAsync("Lineage replica after", Pipeline.Lineage, Reader("after"));
        pipeline.Note("a replica started after the import is ready");

        var expected = await LineageAnswers.ReadAsync(pipeline[Pipeline.Lineage].Http, snapshot.ModelIds);
        pipeline.Note($"read {expected.Count} answers of the writer");
        foreach (var (name, replica) in new[] { ("before", before), ("during", during), ("after", after) })
        {
            var answers = await LineageAnswers.ReadAsync(replica.Http, snapshot.ModelIds);
            var differences = answers.DifferencesFrom(expected);
            Assert.True(differences.Count == 0, $"The replica started {name} the import answers otherwise than the writer:\n{string.Join('\n', differences)}");
        }

        pipeline.Note("the three replicas answer as the writer");
        var published = tap.Published;
        Assert.NotEmpty(published);
        Assert.True(published.Values.All(n => n == 1),
            $"Series published more than once under one version: {string.Join(", ", published.Where(p => p.Value > 1).Take(8).Select(p => $"{p.Key.Family} v{p.Key.Version} ×{p.Value}"))}");
        foreach (var family in published.Keys.GroupBy(k => k.Family))
        {
            Assert.Equal(Enumerable.Range(1, family.Count()).Select(v => (long)v), family.Select(k => k.Version).Order());
        }
    }
}
