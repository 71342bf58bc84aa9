using System.Collections.Concurrent;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Tests.Publishing;

/// <summary>Batches that overlap: each model version is published once, and the last one published is the one remembered.</summary>
public sealed class ModelBatchWriterTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-batches-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>Holds every publish until told to confirm it, as a broker with many batches in flight does.</summary>
    sealed class HeldPublisher : IEventPublisher
    {
        public ConcurrentQueue<(string Id, TaskCompletionSource Confirm)> Published { get; } = new();

        public Task PublishAsync<T>(IReadOnlyList<OutgoingEvent<T>> events, CancellationToken cancellationToken) where T : class
        {
            var confirms = events.Where(e => e.Message is ModelDiscovered).Select(e =>
            {
                var confirm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Published.Enqueue((((ModelDiscovered)(object)e.Message).Id + "@" + ((ModelDiscovered)(object)e.Message).Sha, confirm));
                return confirm.Task;
            });
            return Task.WhenAll(confirms.ToList());
        }

        public void ConfirmAll()
        {
            foreach (var (_, confirm) in Published) confirm.TrySetResult();
        }
    }

    static ModelRecord[] Version(string sha) => [ModelRecordReader.Read($$"""{"id":"a/x","sha":"{{sha}}"}""")];

    [Fact]
    public async Task A_model_going_A_B_A_B_over_batches_in_flight_publishes_every_change_and_keeps_the_last()
    {
        var store = new SqliteHarvestStore(new SqliteDatabase(Path.Combine(folder, "harvester.db")));
        var publisher = new HeldPublisher();
        var writer = new ModelBatchWriter(store, publisher, new PublishOptions());

        var first = await writer.StartAsync(Version("A"), default);
        var second = await writer.StartAsync(Version("B"), default);
        var third = await writer.StartAsync(Version("A"), default);
        publisher.ConfirmAll();
        await writer.FinishAsync(first, default);
        await writer.FinishAsync(second, default); // the store says B; the third batch's A is still in flight
        var fourth = await writer.StartAsync(Version("B"), default);
        var fifth = await writer.StartAsync(Version("B"), default);
        publisher.ConfirmAll();
        foreach (var batch in new[] { third, fourth, fifth }) await writer.FinishAsync(batch, default);

        Assert.Equal(["a/x@A", "a/x@B", "a/x@A", "a/x@B"], publisher.Published.Select(p => p.Id));
        Assert.Equal(ModelFingerprint.Of(Version("B")[0].Model!), (await store.GetModelFingerprintsAsync(["a/x"], default))["a/x"]);
    }

    [Fact]
    public async Task Batches_saved_together_keep_the_later_version_and_leave_nothing_in_flight()
    {
        var store = new SqliteHarvestStore(new SqliteDatabase(Path.Combine(folder, "harvester.db")));
        var publisher = new HeldPublisher();
        var writer = new ModelBatchWriter(store, publisher, new PublishOptions());

        var first = await writer.StartAsync(Version("A"), default);
        var second = await writer.StartAsync(Version("B"), default);
        publisher.ConfirmAll();
        await writer.ConfirmAsync(first);
        await writer.ConfirmAsync(second);
        await writer.SaveAsync([first, second], default);
        var savedFingerprint = (await store.GetModelFingerprintsAsync(["a/x"], default))["a/x"];
        // Another version written behind the writer's back: only a model no longer in flight is checked against it.
        await store.SaveModelsAsync([new ModelEntry("a/x", "elsewhere", "{}"u8.ToArray())], default);
        var again = await writer.StartAsync(Version("B"), default);
        publisher.ConfirmAll();

        Assert.Equal(ModelFingerprint.Of(Version("B")[0].Model!), savedFingerprint);
        Assert.Equal(1, (await writer.ConfirmAsync(again)).Published);
        Assert.Equal(["a/x@A", "a/x@B", "a/x@B"], publisher.Published.Select(p => p.Id));
    }

    [Fact]
    public async Task Batches_whose_save_fails_are_forgotten_so_the_next_sighting_publishes_them_again()
    {
        var database = new SqliteDatabase(Path.Combine(folder, "harvester.db"));
        var store = new SqliteHarvestStore(database);
        using (var connection = database.Open())
        {
            SqliteDatabase.Execute(connection, "CREATE TRIGGER refuse BEFORE INSERT ON models BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END;");
        }

        var publisher = new HeldPublisher();
        var writer = new ModelBatchWriter(store, publisher, new PublishOptions());
        var first = await writer.StartAsync(Version("A"), default);
        publisher.ConfirmAll();
        await writer.ConfirmAsync(first);

        var failure = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => writer.SaveAsync([first], default));
        var again = await writer.StartAsync(Version("A"), default);
        publisher.ConfirmAll();

        Assert.Contains("disk full (test)", failure.Message);
        Assert.Empty(await store.GetModelFingerprintsAsync(["a/x"], default));
        Assert.Equal(1, (await writer.ConfirmAsync(again)).Published);
    }
}
