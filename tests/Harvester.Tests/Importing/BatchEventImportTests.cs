using OpenAccess.Contracts;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Importing;

/// <summary>
/// An import publishes each model in a ModelsDiscovered (what the services consume) and, unless turned off, in a ModelDiscovered
/// of its own (what the subscribers of version 1.0 read): the same models under the same message ids either way.
/// </summary>
public sealed class BatchEventImportTests : IDisposable
{
    static readonly string Snapshot = Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz");
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-batch-events-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Each_model_goes_out_once_in_a_batch_event_and_once_alone_with_the_same_message_id_and_content()
    {
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), new Uri("http://127.0.0.1:9/"));

        var run = await app.ImportAsync(Snapshot);

        var batches = app.Of<ModelsDiscovered>().Select(p => (ModelsDiscovered)p.Message!).ToList();
        var alone = app.Of<ModelDiscovered>().ToDictionary(p => p.MessageId!.Value, p => (ModelDiscovered)p.Message!);
        var inBatches = batches.SelectMany(b => b.Models).ToList();
        Assert.Equal((HarvestRun.Completed, 1284), (run.Status, run.Published));
        Assert.Equal(1284, alone.Count);
        Assert.Equal(alone.Keys.Order(), inBatches.Select(m => m.MessageId).Order());
        Assert.All(inBatches, m => Assert.Equal(alone[m.MessageId], m.Model));
        Assert.All(inBatches, m => Assert.Equal(run.Id, m.Model.HarvestRunId));
        Assert.All(batches, b => Assert.InRange(b.Models.Count, 1, 100)); // Publish:ModelsPerBatchEvent
        Assert.Equal(13, batches.Count); // three batches of 500 (BatchSize) cut at 100: 5 + 5 + 3
    }

    [Fact]
    public async Task With_per_model_events_off_only_the_batch_events_go_out_carrying_every_model()
    {
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), new Uri("http://127.0.0.1:9/"),
            ("OpenAccess:Harvester:Publish:ModelDiscoveredEvents", "false"), ("OpenAccess:Harvester:Publish:ModelsPerBatchEvent", "64"));

        var run = await app.ImportAsync(Snapshot);

        var models = app.Of<ModelsDiscovered>().SelectMany(p => ((ModelsDiscovered)p.Message!).Models).ToList();
        Assert.Equal((HarvestRun.Completed, 1284), (run.Status, run.Published));
        Assert.Empty(app.Of<ModelDiscovered>());
        Assert.Equal(1284, models.Select(m => m.Model.Id).Distinct().Count());
        Assert.Equal(1284, models.Count);
        Assert.All(app.Of<ModelsDiscovered>(), p => Assert.InRange(((ModelsDiscovered)p.Message!).Models.Count, 1, 64));
    }
}
