using OpenAccess.Gateway.Extensions;
using OpenAccess.Integration.Tests.Infrastructure;

namespace OpenAccess.Integration.Tests;

/// <summary>The services as separate hosts on one real RabbitMQ broker, reached only through the gateway over real HTTP.</summary>
public sealed class PipelineOverRabbitMqTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    const string AdminKey = "integration-admin-key";
    readonly string data = Directory.CreateTempSubdirectory("openaccess-pipeline-").FullName;

    [Fact]
    public async Task Real_snapshot_reaches_every_service_and_reimport_or_replay_changes_nothing()
    {
        using var services = new ServiceHosts(Settings);
        var settings = services.GatewaySettings();
        settings["Gateway:RateLimitPermits"] = "1000000"; // this test reads the whole graph back through the gateway
        settings["Gateway:AdminApiKeySha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AdminKey)));
        using var gateway = new ServiceFactory<GatewayOptions>(settings);
        var api = new ApiClient(gateway.CreateClient(), AdminKey);
        var snapshot = await File.ReadAllBytesAsync(Snapshot.BundledPath);
        var (ids, _) = Snapshot.Read(Snapshot.BundledPath);

        var first = await api.ImportAsync(snapshot, "bundled");
        Assert.Equal(("completed", ids.Count, 0, 0), (first.Status, first.Published, first.Unchanged, first.Rejected));
        await Eventually.Get(api.LineageModelCountAsync, n => n == ids.Count, "every model in lineage");
        await Eventually.Get(() => api.GetJsonAsync($"/api/access/models/{ids[^1]}"), m => m.HasValue, "the evaluator to catch up");
        await WaitForQueuesToDrain();

        await GraphAssertions.AssertGraphEqualsSnapshotAsync(api, Snapshot.BundledPath);
        foreach (var id in ids)
        {
            Assert.True((await api.GetJsonAsync($"/api/access/models/{id}")).HasValue, $"{id} is missing from the evaluator");
        }

        var before = await ReadAllDocumentsAsync(api, ids);

        var second = await api.ImportAsync(snapshot, "bundled again");
        Assert.Equal(("completed", 0, ids.Count, 0), (second.Status, second.Published, second.Unchanged, second.Rejected));

        // A replay bypassing the harvester's change detection: the same batches, the same message ids, delivered again; then every
        // model again in batches cut otherwise (7 a message), so each arrives in a second batch with other models.
        await HarvesterReplay.RepublishAsync(services.Harvester.Services, Snapshot.BundledPath);
        await HarvesterReplay.RepublishAsync(services.Harvester.Services, Snapshot.BundledPath, modelsPerBatchEvent: 7);
        await WaitForQueuesToDrain();
        Assert.Equal(ids.Count, await api.LineageModelCountAsync());
        Assert.Equal(before, await ReadAllDocumentsAsync(api, ids));

        // Lineage → Fitting: the family's adoption series crosses the broker and is fitted.
        var series = (await api.GetJsonAsync("/api/lineage/families/meta-llama/Llama-2-7b/adoption"))!.Value;
        var fit = await Eventually.Get(() => api.GetJsonAsync("/api/fitting/fits/meta-llama/Llama-2-7b"), f => f.HasValue, "the Llama-2-7b family to be fitted");
        Assert.Equal(
            series.GetProperty("months").EnumerateArray().Select(m => m.GetProperty("cumulativeDerivatives").GetInt32()),
            fit!.Value.GetProperty("series").GetProperty("months").EnumerateArray().Select(m => m.GetProperty("cumulativeDerivatives").GetInt32()));
        await WaitForQueuesToDrain();

        var queues = await broker.QueueDepthsAsync();
        Assert.Contains("lineage-models-discovered", queues.Keys);
        Assert.Contains("evaluator-models-discovered", queues.Keys);
        Assert.Contains("fitting-family-adoption-changed", queues.Keys);
        Assert.All(queues.Where(q => q.Key.EndsWith("_error")), q => Assert.Equal(0, q.Value));
    }

    async Task WaitForQueuesToDrain() =>
        await Eventually.Get(broker.QueueDepthsAsync, q => q.Values.All(n => n == 0) && q.ContainsKey("lineage-models-discovered"), "queues to drain");

    static async Task<IReadOnlyList<string>> ReadAllDocumentsAsync(ApiClient api, IReadOnlyList<string> ids)
    {
        var documents = new List<string>();
        foreach (var id in ids)
        {
            documents.Add((await api.GetJsonAsync($"/api/lineage/models/{id}"))!.Value.GetRawText());
            documents.Add((await api.GetJsonAsync($"/api/access/models/{id}"))!.Value.GetRawText());
        }

        return documents;
    }

    Dictionary<string, string?> Settings(string service) => new()
    {
        ["ConnectionStrings:rabbitmq"] = broker.ConnectionString,
        ["OpenAccess:DataDirectory"] = Path.Combine(data, service),
        // Offline, the roots' config.json outcomes arrive after their retries, long after the import settles, and change the
        // derivatives' profiles between the first look and the reimport: this test is about the bus, not the Hub.
        ["OpenAccess:Harvester:Configs:Fetch"] = "false",
        ["OpenAccess:Lineage:AdoptionInterval"] = "00:00:01",
    };

    public void Dispose() => Directory.Delete(data, recursive: true);
}
