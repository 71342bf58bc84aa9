using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAccess.Gateway.Extensions;
using OpenAccess.Integration.Tests.Infrastructure;
using RabbitMQ.Client;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// A subscriber that starts late asks for the current state (POST /api/&lt;service&gt;/replays through the gateway) and gets it
/// on its own queue, under the message ids its peers got when the events were first published, while queues bound to the
/// same exchanges before it get nothing more; a subscriber that dies mid-replay gets the rest when it comes back. The services are
/// separate hosts on a real RabbitMQ broker.
/// </summary>
public sealed class ReplayOverRabbitMqTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    const string AdminKey = "replay-admin-key";
    readonly string data = Directory.CreateTempSubdirectory("openaccess-replay-").FullName;

    static readonly (string Event, string Route, string Key)[] Events =
    [
        ("ModelDiscovered", "/api/harvest/replays", "id"),
        ("FamilyAdoptionChanged", "/api/lineage/replays", "familyId"),
        ("AccessProfileUpdated", "/api/access/replays", "modelId"),
    ];

    [Fact]
    public async Task A_late_subscriber_gets_the_current_state_under_the_original_ids_and_no_other_queue_gets_anything()
    {
        using var services = new ServiceHosts(Settings);
        using var gateway = new ServiceFactory<GatewayOptions>(GatewaySettings(services));
        var http = gateway.CreateClient();
        var api = new ApiClient(http, AdminKey);
        await using var connection = await new ConnectionFactory { Uri = new Uri(broker.ConnectionString) }.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        foreach (var (name, _, _) in Events) await DeclareBoundQueueAsync(channel, name, $"early-{name}");

        var run = await api.ImportAsync(await File.ReadAllBytesAsync(Snapshot.BundledPath, TestContext.Current.CancellationToken), "bundled");
        Assert.Equal("completed", run.Status);
        var originals = await ReadSettledAsync(channel, services);

        foreach (var (name, _, _) in Events) await DeclareBoundQueueAsync(channel, name, $"late-{name}");
        var replays = new Dictionary<string, JsonElement>();
        List<Delivery> taken = [];
        foreach (var (name, route, _) in Events)
        {
            using var started = await PostAsync(http, route, new { @event = name, queue = $"late-{name}" }, AdminKey);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var replay = await started.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            if (name == "ModelDiscovered")
            {
                // 1,284 models, 4 in flight: the first is still running when the second asks for the same queue.
                using var second = await PostAsync(http, route, new { @event = name, queue = $"late-{name}" }, AdminKey);
                Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
                var conflict = await second.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
                Assert.Equal(replay.GetProperty("id").GetString(), conflict.GetProperty("replay").GetProperty("id").GetString());

                // The subscriber dies mid-replay: it acknowledged some, held others unacknowledged when its channel went.
                taken = await TakeThenDieAsync(connection, $"late-{name}", acknowledged: 30, held: 20);
            }

            var location = started.Headers.Location!.ToString();
            replays[name] = await Eventually.Get(() => GetReplayAsync(http, $"{route}/{replay.GetProperty("id").GetString()}"),
                r => r.GetProperty("status").GetString() != "running", $"the replay of {name} ({location})");
        }

        foreach (var (name, _, key) in Events)
        {
            var replay = replays[name];
            var current = Latest(originals[name], key);
            Assert.Equal(("completed", current.Count, current.Count), (replay.GetProperty("status").GetString(), replay.GetProperty("sent").GetInt64(), replay.GetProperty("total").GetInt64()));

            // What the subscriber acknowledged before it died, and the rest on its restart: each once, nothing lost.
            var replayed = (name == "ModelDiscovered" ? taken : []).Concat(await DrainAsync(channel, $"late-{name}")).ToList();
            TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {originals[name].Count} published at import, {current.Count} current, {replayed.Count} replayed");
            Assert.Equal(current.Count, replayed.Count);
            Assert.Equal(current.Keys.Order(), replayed.Select(r => r.MessageId).Order());
            foreach (var message in replayed)
            {
                Assert.True(JsonNode.DeepEquals(WithoutRunId(current[message.MessageId].Message), WithoutRunId(message.Message)), $"{name} {message.MessageId} differs from the original");
            }

            // One trace for the whole replay: every message carries the replay's trace as its parent.
            Assert.Single(replayed.Select(r => r.ActivityId?.Split('-')[1]).Distinct());
            Assert.NotNull(replayed[0].ActivityId);

            Assert.Empty(await DrainAsync(channel, $"early-{name}"));

            // What MassTransit's send to queue:NAME declares besides the queue (docs/events.md): an exchange of the queue's name.
            await using var probe = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
            await probe.ExchangeDeclarePassiveAsync($"late-{name}", TestContext.Current.CancellationToken);
        }

        Assert.Equal(1284, replays["ModelDiscovered"].GetProperty("sent").GetInt64());
        var queues = await broker.QueueDepthsAsync();
        Assert.All(queues.Where(q => q.Key.EndsWith("_error")), q => Assert.Equal(0, q.Value));
    }

    [Fact]
    public async Task Bad_requests_get_a_problem_naming_what_is_wrong_and_only_the_admin_may_replay()
    {
        using var services = new ServiceHosts(Settings);
        using var gateway = new ServiceFactory<GatewayOptions>(GatewaySettings(services));
        var http = gateway.CreateClient();

        using (var anonymous = await PostAsync(http, "/api/lineage/replays", new { @event = "FamilyAdoptionChanged", queue = "q" }, key: null))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var wrongKey = await PostAsync(http, "/api/access/replays", new { @event = "AccessProfileUpdated", queue = "q" }, key: "not-the-key"))
            Assert.Equal(HttpStatusCode.Forbidden, wrongKey.StatusCode);
        using (var anonymousHarvest = await PostAsync(http, "/api/harvest/replays", new { @event = "ModelDiscovered", queue = "q" }, key: null))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousHarvest.StatusCode);
        using (var status = await http.GetAsync("/api/harvest/replays/abc", TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);

        var unknown = await ProblemAsync(http, "/api/lineage/replays", new { @event = "ModelDeleted", queue = "q" }, HttpStatusCode.BadRequest);
        Assert.Equal("event", unknown.GetProperty("field").GetString());
        Assert.All(Events, e => Assert.Contains($"{e.Event} (POST {e.Route})", unknown.GetProperty("detail").GetString()));
        var elsewhere = await ProblemAsync(http, "/api/lineage/replays", new { @event = "ModelDiscovered", queue = "q" }, HttpStatusCode.BadRequest);
        Assert.Contains("POST /api/harvest/replays", elsewhere.GetProperty("detail").GetString());
        var noQueue = await ProblemAsync(http, "/api/access/replays", new { @event = "AccessProfileUpdated", queue = "" }, HttpStatusCode.BadRequest);
        Assert.Equal("queue", noQueue.GetProperty("field").GetString());
        var badQueue = await ProblemAsync(http, "/api/access/replays", new { @event = "AccessProfileUpdated", queue = "a queue/with spaces" }, HttpStatusCode.BadRequest);
        Assert.Equal("queue", badQueue.GetProperty("field").GetString());

        foreach (var (name, route, _) in Events)
        {
            var missing = await ProblemAsync(http, route, new { @event = name, queue = "nobody-declared-this" }, HttpStatusCode.NotFound);
            Assert.Contains("nobody-declared-this", missing.GetProperty("detail").GetString());
            Assert.Equal("queue", missing.GetProperty("field").GetString());
        }

        Assert.DoesNotContain("nobody-declared-this", (await broker.QueueDepthsAsync()).Keys); // a replay never creates a queue

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/lineage/replays/no-such-replay");
        request.Headers.Add("X-Api-Key", AdminKey);
        using var unknownReplay = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknownReplay.StatusCode);
    }

    /// <summary>
    /// Waits until every consumer queue is empty and the early queues stopped growing (Lineage sweeps its families every second),
    /// then takes what the early queues got: each event as first published, by type.
    /// </summary>
    async Task<Dictionary<string, List<Delivery>>> ReadSettledAsync(IChannel channel, ServiceHosts services)
    {
        var last = "";
        await Eventually.Get(async () =>
        {
            var depths = await broker.QueueDepthsAsync();
            var now = string.Join(",", depths.OrderBy(d => d.Key).Select(d => $"{d.Key}={d.Value}"));
            var settled = now == last && depths.Where(d => !d.Key.StartsWith("early-")).All(d => d.Value == 0) && depths.GetValueOrDefault("early-FamilyAdoptionChanged") > 0;
            last = now;
            if (!settled) await Task.Delay(1500);
            return settled;
        }, s => s, "the pipeline to settle", seconds: 180);

        var originals = new Dictionary<string, List<Delivery>>();
        foreach (var (name, _, _) in Events) originals[name] = await DrainAsync(channel, $"early-{name}");
        return originals;
    }

    /// <summary>The last delivery of each model, family or profile (a family's highest series version), by message id.</summary>
    static Dictionary<Guid, Delivery> Latest(List<Delivery> deliveries, string key) => deliveries
        .GroupBy(d => d.Message[key]!.GetValue<string>())
        .Select(g => g.MaxBy(d => d.Message["seriesVersion"]?.GetValue<long>() ?? 0)!)
        .ToDictionary(d => d.MessageId);

    static JsonNode WithoutRunId(JsonObject message)
    {
        var copy = message.DeepClone().AsObject();
        copy.Remove("harvestRunId");
        return copy;
    }

    sealed record Delivery(Guid MessageId, string? ActivityId, JsonObject Message);

    static async Task DeclareBoundQueueAsync(IChannel channel, string eventType, string queue)
    {
        var exchange = $"OpenAccess.Contracts:{eventType}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, routingKey: "");
    }

    /// <summary>
    /// A subscriber on its own channel takes <paramref name="acknowledged"/> + <paramref name="held"/> messages as they arrive,
    /// acknowledges the first ones and dies (its channel closes) holding the others unacknowledged, which the broker requeues.
    /// </summary>
    static async Task<List<Delivery>> TakeThenDieAsync(IConnection connection, string queue, int acknowledged, int held)
    {
        var taken = new List<Delivery>();
        await using var subscriber = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        ulong lastAcknowledged = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var i = 0; i < acknowledged + held; i++)
        {
            BasicGetResult? got;
            while ((got = await subscriber.BasicGetAsync(queue, autoAck: false)) is null)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{queue} got {i} messages in 60 s");
                await Task.Delay(20);
            }

            if (i < acknowledged)
            {
                taken.Add(Read(got));
                lastAcknowledged = got.DeliveryTag;
            }
        }

        await subscriber.BasicAckAsync(lastAcknowledged, multiple: true);
        await subscriber.CloseAsync();
        return taken;
    }

    static Delivery Read(BasicGetResult got)
    {
        var envelope = JsonNode.Parse(got.Body.Span)!.AsObject();
        var activity = got.BasicProperties.Headers is { } headers && headers.TryGetValue("MT-Activity-Id", out var value) && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;
        return new Delivery(Guid.Parse(got.BasicProperties.MessageId!), activity, envelope["message"]!.AsObject());
    }

    static async Task<List<Delivery>> DrainAsync(IChannel channel, string queue)
    {
        var deliveries = new List<Delivery>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } got) deliveries.Add(Read(got));

        return deliveries;
    }

    static async Task<HttpResponseMessage> PostAsync(HttpClient http, string route, object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    static async Task<JsonElement> ProblemAsync(HttpClient http, string route, object body, HttpStatusCode expected)
    {
        using var response = await PostAsync(http, route, body, AdminKey);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"{route} {JsonSerializer.Serialize(body)}: {(int)response.StatusCode} {problem}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return problem;
    }

    static async Task<JsonElement> GetReplayAsync(HttpClient http, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", AdminKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static Dictionary<string, string?> GatewaySettings(ServiceHosts services)
    {
        var settings = services.GatewaySettings();
        settings["Gateway:RateLimitPermits"] = "1000000";
        settings["Gateway:AdminApiKeySha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey)));
        return settings;
    }

    Dictionary<string, string?> Settings(string service) => new()
    {
        ["ConnectionStrings:rabbitmq"] = broker.ConnectionString,
        ["OpenAccess:DataDirectory"] = Path.Combine(data, service),
        ["OpenAccess:Lineage:AdoptionInterval"] = "00:00:01",
        ["OpenAccess:Replay:MaxInFlight"] = "4",
        // Offline, the roots' config.json requests fail after their retries and the roots go out again, long after the import:
        // into the late queues too. The replay of a root with its config.json outcome is ConfigFileHarvestTests'.
        ["OpenAccess:Harvester:Configs:Fetch"] = "false",
    };

    public void Dispose() => Directory.Delete(data, recursive: true);
}
