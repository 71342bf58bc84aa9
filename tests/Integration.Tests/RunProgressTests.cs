using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using OpenAccess.Gateway.Extensions;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.ServiceDefaults.Messaging.Progress;
using OpenAccess.Standalone;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// A run's page says how far each consumer has stored its events: in the Standalone host (in-memory bus) and with the
/// services as separate hosts on a real broker, each consumer's count reaches what the run published, and says when.
/// </summary>
public sealed class RunProgressTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    const string AdminKey = "integration-admin-key";
    static readonly string[] ModelConsumers = ["evaluator-models-discovered", "lineage-models-discovered"];
    readonly string data = Directory.CreateTempSubdirectory("openaccess-progress-").FullName;

    [Fact]
    public async Task In_the_standalone_host_each_consumer_of_an_import_reaches_its_published_count_and_says_when()
    {
        var app = StandaloneHost.Build(["--urls", "http://127.0.0.1:0", $"--OpenAccess:DataDirectory={data}", "--Logging:LogLevel:Default=Warning",
            "--OpenAccess:Harvester:Seed=", "--OpenAccess:Bus:Progress:ReportIntervalMilliseconds=200"]);
        await using var _ = app;
        await app.StartAsync();
        var api = new ApiClient(new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
        var (ids, _) = Snapshot.Read(Snapshot.BundledPath);

        var run = await api.ImportAsync(await File.ReadAllBytesAsync(Snapshot.BundledPath), "bundled");

        await AssertEveryModelConsumerCaughtUpAsync(api, run, ids.Count);
        Assert.Equal(ids.Count, await api.LineageModelCountAsync());

        // A leaderboard table: its results go to the single-message consumers of BenchmarkUpdated, counted the same way.
        var table = await api.ImportAsync(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "leaderboard-v1-20231031.csv")), "v1.csv");
        var benchmarks = await Eventually.Get(() => api.RunAsync(table.Id), r => r.Consumers.Count == 2 && r.Consumers.All(c => c.CaughtUpAt is not null),
            "each consumer of the results to catch up");
        Assert.Equal([("evaluator-benchmark-updated", 95L, 95L), ("lineage-benchmark-updated", 95L, 95L)],
            benchmarks.Consumers.Select(c => (c.Name, c.Stored, c.Published)));
        Assert.All(benchmarks.Consumers, c => Assert.Equal("BenchmarkUpdated", c.MessageType));
    }

    [Fact]
    public async Task Over_rabbitmq_each_consumer_of_an_import_reaches_its_published_count_and_the_queue_depths_are_a_metric()
    {
        using var depths = new QueueDepthReadings();
        using var services = new ServiceHosts(Settings);
        var settings = services.GatewaySettings();
        settings["Gateway:AdminApiKeySha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AdminKey)));
        using var gateway = new ServiceFactory<GatewayOptions>(settings);
        var api = new ApiClient(gateway.CreateClient(), AdminKey);
        var (ids, _) = Snapshot.Read(Snapshot.BundledPath);

        var run = await api.ImportAsync(await File.ReadAllBytesAsync(Snapshot.BundledPath), "bundled");

        await AssertEveryModelConsumerCaughtUpAsync(api, run, ids.Count);
        Assert.Contains(run.Id, (await api.RunsAsync()).Where(r => r.Consumers.Count == ModelConsumers.Length).Select(r => r.Id));

        // Each consumer process reads its own queues' depth from the broker; drained, they read 0.
        var read = await Eventually.Get(() => Task.FromResult(depths.Collect()),
            d => ModelConsumers.All(q => d.TryGetValue(q, out var n) && n == 0), "the drained queues' depth as a metric");
        Assert.Contains("fitting-family-adoption-changed", read.Keys);
    }

    /// <summary>
    /// Both consumers of ModelDiscovered reach the run's published count and have a caught-up time no earlier than the run's
    /// start; a report is never above what was published (a message counts once).
    /// </summary>
    static async Task AssertEveryModelConsumerCaughtUpAsync(ApiClient api, ApiClient.Run imported, int models)
    {
        Assert.Equal(("completed", models), (imported.Status, imported.Published));
        var run = await Eventually.Get(() => api.RunAsync(imported.Id),
            r => ModelConsumers.All(name => r.Consumers.Any(c => c.Name == name && c.CaughtUpAt is not null)), "each consumer to catch up");

        foreach (var name in ModelConsumers)
        {
            var consumer = Assert.Single(run.Consumers, c => c.Name == name);
            Assert.Equal(("ModelDiscovered", models, models), (consumer.MessageType, consumer.Stored, consumer.Published));
            Assert.Equal(consumer.LastStoredAt, consumer.CaughtUpAt);
        }

        // Reports go on coming only while a count changes: a second later nothing moved.
        await Task.Delay(1500);
        Assert.Equal(run.Consumers.Select(c => (c.Name, c.Stored)), (await api.RunAsync(run.Id)).Consumers.Select(c => (c.Name, c.Stored)));
    }

    Dictionary<string, string?> Settings(string service) => new()
    {
        ["ConnectionStrings:rabbitmq"] = broker.ConnectionString,
        ["OpenAccess:DataDirectory"] = Path.Combine(data, service),
        ["OpenAccess:Bus:Progress:ReportIntervalMilliseconds"] = "200",
        ["OpenAccess:Bus:QueueDepth:IntervalSeconds"] = "1",
    };

    public void Dispose() => Directory.Delete(data, recursive: true);

    /// <summary>The last value of <c>openaccess.messaging.queue.depth</c> per queue, over every host of this process.</summary>
    sealed class QueueDepthReadings : IDisposable
    {
        readonly MeterListener listener = new();
        readonly Dictionary<string, long> last = new(StringComparer.Ordinal);

        public QueueDepthReadings()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == QueueDepthGauge.InstrumentName) l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "messaging.destination.name") lock (last) last[(string)tag.Value!] = value;
                }
            });
            listener.Start();
        }

        public Dictionary<string, long> Collect()
        {
            listener.RecordObservableInstruments();
            lock (last) return new Dictionary<string, long>(last, StringComparer.Ordinal);
        }

        public void Dispose() => listener.Dispose();
    }
}
