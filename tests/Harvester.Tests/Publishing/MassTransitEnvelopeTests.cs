using System.Text;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Publishing;

/// <summary>The envelope the direct publisher writes is, byte for byte, the one MassTransit's serializer writes for the same message.</summary>
public sealed class MassTransitEnvelopeTests : IAsyncLifetime
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-envelope-").FullName;
    HarvesterApp? app;

    // The bus sets MassTransit's serializer options when it is configured: the harvester as it runs, started once.
    public async ValueTask InitializeAsync() => app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), new Uri("http://127.0.0.1:9/"));

    public async ValueTask DisposeAsync()
    {
        await app!.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    static readonly Uri Source = new("rabbitmq://broker/openaccess/vm_Harvester_bus_x?temporary=true");
    static readonly Uri Destination = new("rabbitmq://broker/openaccess/OpenAccess.Contracts:ModelDiscovered");

    static void AssertSameBytes<T>(T message, int n) where T : class
    {
        // Neither on the fallback to MassTransit's serializer: the written envelope, of generated code.
        Assert.False(MassTransit.Serialization.SystemTextJsonMessageSerializer.Options.WriteIndented);
        Assert.NotNull(ContractJson.Default.GetTypeInfo(typeof(T)));
        var (id, conversation, sent) = (Guid.CreateVersion7(), Guid.NewGuid(), DateTime.UtcNow.AddTicks(n));
        var expected = MassTransitEnvelope.SerializeWithMassTransit(id, conversation, sent, message, Source, Destination);
        var actual = MassTransitEnvelope.Serialize(id, conversation, sent, message, Source, Destination);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
    }

    [Fact]
    public async Task Every_bundled_Hub_model_gives_MassTransits_bytes()
    {
        var n = 0;
        await foreach (var record in SnapshotFileReader.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"), SnapshotFormat.Jsonl, "seed", default))
        {
            AssertSameBytes(record.Model!.Model!, n++);
        }

        Assert.Equal(1284, n);
    }

    [Fact]
    public async Task Models_with_every_kind_of_field_and_leaderboard_results_give_MassTransits_bytes()
    {
        var n = 0;
        foreach (var file in Directory.GetFiles(RealModels.Fixture("hf-api"), "model-info-*.json"))
        {
            if (ModelRecordReader.Read(File.ReadAllText(file)).Model is { } model) AssertSameBytes(model, n++);
        }

        AssertSameBytes(new ModelDiscovered { Id = "a/\"quoted\" <b> é ☃", Author = "a", ParametersByDtype = new SortedDictionary<string, long> { ["BF16"] = 7 }, Config = new ModelConfigSummary { RopeScalingFactor = 0.1 + 0.2, LayerTypes = ["sliding_attention"] } }, n++);
        await foreach (var record in SnapshotFileReader.ReadAsync(RealModels.Fixture("leaderboard", "v2", "open_llm_leaderboard_v2_2025-02.csv"), SnapshotFormat.LeaderboardV2Csv, "v2.csv", default))
        {
            AssertSameBytes(record.Benchmark!.Benchmark!, n++);
        }

        Assert.True(n > 3827);
    }

    [Fact]
    public async Task The_bundled_Hub_models_in_batch_events_give_MassTransits_bytes()
    {
        var events = new List<OutgoingEvent<ModelDiscovered>>();
        var sizes = new List<int>();
        await foreach (var record in SnapshotFileReader.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"), SnapshotFormat.Jsonl, "seed", default))
        {
            events.Add(new(Guid.NewGuid(), record.Model!.Model! with { HarvestRunId = "run-1" }));
            sizes.Add(record.Model!.Utf8.Length);
        }

        var batches = ModelBatchWriter.BatchEvents(events, sizes, new PublishOptions());
        var n = 0;
        foreach (var batch in batches) AssertSameBytes(batch.Message, n++);
        Assert.Equal(1284, batches.Sum(b => b.Message.Models.Count));
    }

    [Fact]
    public async Task A_model_written_in_its_batch_event_and_then_in_its_own_gives_MassTransits_bytes_both_times()
    {
        var events = new List<OutgoingEvent<ModelDiscovered>>();
        var sizes = new List<int>();
        await foreach (var record in SnapshotFileReader.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"), SnapshotFormat.Jsonl, "seed", default))
        {
            events.Add(new(Guid.NewGuid(), record.Model!.Model! with { HarvestRunId = "run-2" }));
            sizes.Add(record.Model!.Utf8.Length);
            if (events.Count == 250) break;
        }

        // As ModelBatchWriter publishes them: the batch events first, then each model's own, the same instances.
        var n = 0;
        foreach (var batch in ModelBatchWriter.BatchEvents(events, sizes, new PublishOptions())) AssertSameBytes(batch.Message, n++);
        foreach (var e in events) AssertSameBytes(e.Message, n++);
    }
}
