using OpenAccess.Gateway.Extensions;
using OpenAccess.Integration.Tests.Infrastructure;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// The services take models many to a message (ModelsDiscovered). Over a real broker, the bundled snapshot imported in messages of
/// 100 models leaves every Lineage record and every access profile exactly as the same import one model a message does, which is
/// what the per-model path delivered.
/// </summary>
public sealed class BatchEventsOverRabbitMqTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-batch-events-").FullName;

    [Fact]
    public async Task An_import_in_messages_of_100_models_stores_what_one_model_a_message_stores()
    {
        var (ids, _) = Snapshot.Read(Snapshot.BundledPath);

        var batched = await ImportAndReadAsync(broker, "batched", modelsPerBatchEvent: 100, ids);
        await using var other = new RabbitMqTestBroker();
        await other.InitializeAsync();
        var alone = await ImportAndReadAsync(other, "alone", modelsPerBatchEvent: 1, ids);

        Assert.Equal(ids.Count * 2, batched.Count);
        for (var i = 0; i < batched.Count; i++)
        {
            Assert.True(batched[i] == alone[i], $"{ids[i / 2]} differs:\n{batched[i]}\n{alone[i]}");
        }
    }

    /// <summary>Imports the bundled snapshot into four service hosts on <paramref name="on"/>; each model's Lineage record and access profile.</summary>
    async Task<IReadOnlyList<string>> ImportAndReadAsync(RabbitMqTestBroker on, string name, int modelsPerBatchEvent, IReadOnlyList<string> ids)
    {
        using var services = new ServiceHosts(service => new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = on.ConnectionString,
            ["OpenAccess:DataDirectory"] = Path.Combine(data, name, service),
            ["OpenAccess:Harvester:Publish:ModelsPerBatchEvent"] = modelsPerBatchEvent.ToString(),
            // Offline, the roots' config.json outcomes arrive after their retries, long after the import settles.
            ["OpenAccess:Harvester:Configs:Fetch"] = "false",
        });
        var settings = services.GatewaySettings();
        settings["Gateway:RateLimitPermits"] = "1000000";
        settings["Gateway:AdminApiKeySha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("batch-key"u8));
        using var gateway = new ServiceFactory<GatewayOptions>(settings);
        var api = new ApiClient(gateway.CreateClient(), "batch-key");

        var run = await api.ImportAsync(await File.ReadAllBytesAsync(Snapshot.BundledPath), name);
        Assert.Equal(("completed", ids.Count), (run.Status, run.Published));
        await Eventually.Get(api.LineageModelCountAsync, n => n == ids.Count, $"every model in lineage ({name})", 180);
        await Eventually.Get(on.QueueDepthsAsync, q => q.GetValueOrDefault("evaluator-models-discovered", -1) == 0 && q.GetValueOrDefault("lineage-models-discovered", -1) == 0,
            $"the model queues to drain ({name})", 180);
        Assert.All((await on.QueueDepthsAsync()).Where(q => q.Key.EndsWith("_error")), q => Assert.Equal(0, q.Value));

        var documents = new List<string>();
        foreach (var id in ids)
        {
            documents.Add((await api.GetJsonAsync($"/api/lineage/models/{id}"))!.Value.GetRawText());
            documents.Add((await api.GetJsonAsync($"/api/access/models/{id}"))?.GetRawText() ?? $"no profile of {id}");
        }

        return documents;
    }

    public void Dispose() => Directory.Delete(data, recursive: true);
}
