using System.IO.Compression;
using System.Text;
using System.Text.Json;
using OpenAccess.Gateway.Extensions;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.LineageTools.Evaluation;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// Undeclared parents recovered by the running services from the real crawls, the declared links of the evaluation's draw
/// hidden: the records go in as a snapshot import to the Harvester, cross RabbitMQ as ModelsDiscovered (the cards' Hub
/// mentions, never their text), and Lineage's answers are those of the evaluation over the same records (docs/lineage.md
/// "Undeclared parents").
/// </summary>
public sealed class CardMentionsOverRabbitMqTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    const string AdminKey = "integration-admin-key";
    readonly string data = Directory.CreateTempSubdirectory("openaccess-card-mentions-").FullName;

    [Fact]
    public async Task The_services_recover_from_the_cards_what_the_evaluation_recovers()
    {
        var population = CrawlPopulation.Load(Infrastructure.Snapshot.BundledPath, Path.Combine(AppContext.BaseDirectory, "Data", "crawl-counts-2025-04.jsonl"));
        var hidden = InferenceEvaluation.Hidden(population, InferenceEvaluation.DocumentedSeed);
        var evaluation = InferenceEvaluation.Direct(population, hidden).Links.ToDictionary(l => l.ChildId, StringComparer.OrdinalIgnoreCase);
        var byCard = evaluation.Values.Count(l => l.Evidence.Any(e => e.Source == OpenAccess.Lineage.Inference.EvidenceSource.CardText));
        Assert.True(byCard > 300, $"{byCard} links from cards in the evaluation");

        using var services = new ServiceHosts(Settings);
        var settings = services.GatewaySettings();
        settings["Gateway:RateLimitPermits"] = "1000000"; // this test reads every hidden model's answer through the gateway
        settings["Gateway:AdminApiKeySha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey)));
        using var gateway = new ServiceFactory<GatewayOptions>(settings);
        var api = new ApiClient(gateway.CreateClient(), AdminKey);
        var run = await api.ImportAsync(Snapshot(population, hidden), "crawls, declarations of the draw hidden");
        Assert.Equal(("completed", population.Count, 0), (run.Status, run.Published, run.Rejected));
        await Eventually.Get(api.LineageModelCountAsync, n => n == population.Count, "every model in lineage");

        // Recovery runs once the graph holds still; then every hidden model's answer is the evaluation's.
        var children = population.Where(m => m.Declared.Count == 0 || hidden.Contains(m.Model.Id)).Select(m => m.Model.Id).ToList();
        var differences = await Eventually.Get(async () =>
        {
            var found = new List<string>();
            foreach (var child in children)
            {
                var answer = (await api.GetJsonAsync($"/api/lineage/models/{child}/inferred-parents"))!.Value;
                var link = answer.GetProperty("link");
                var got = link.ValueKind == JsonValueKind.Null ? "none"
                    : FormattableString.Invariant($"{link.GetProperty("id").GetString()} {link.GetProperty("relation").GetString()} {link.GetProperty("confidence").GetDouble()}");
                var expected = evaluation.TryGetValue(child, out var l) ? FormattableString.Invariant($"{l.ParentId} {l.Kind} {l.Confidence}") : "none";
                if (got != expected) found.Add($"{child}: service {got}, evaluation {expected}");
            }
            // A string, so a time-out names the models that differ.
            return found.Count == 0 ? "" : $"{found.Count} differ, e.g. " + string.Join("; ", found.Take(5));
        }, found => found.Length == 0, "the service's inferred parents to be the evaluation's", 180);
        Assert.Equal("", differences);
    }

    /// <summary>The population as a gzip JSONL snapshot: each record as the Harvester reads it, a hidden one without its declaration.</summary>
    static byte[] Snapshot(IReadOnlyList<CrawlModel> population, IReadOnlySet<string> hidden)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new StreamWriter(gzip, new UTF8Encoding(false)))
            foreach (var model in population) writer.WriteLine(ServiceIntake.RecordOf(model, hidden.Contains(model.Model.Id)).ToJsonString());
        return buffer.ToArray();
    }

    Dictionary<string, string?> Settings(string service) => new()
    {
        ["ConnectionStrings:rabbitmq"] = broker.ConnectionString,
        ["OpenAccess:DataDirectory"] = Path.Combine(data, service),
        ["OpenAccess:Harvester:Configs:Fetch"] = "false",
        ["OpenAccess:Lineage:Inference:Interval"] = "00:00:00.500",
    };

    public void Dispose() => Directory.Delete(data, recursive: true);
}
