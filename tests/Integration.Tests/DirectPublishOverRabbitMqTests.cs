using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Integration.Tests.Infrastructure;
using RabbitMQ.Client;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// The harvester hands its batches to RabbitMQ itself (<see cref="RabbitMqEventPublisher"/>) instead of through MassTransit's
/// publish: on a real broker, a MassTransit consumer must get exactly what MassTransit's own publish gives it, and a
/// publish the broker refuses must fail the run without recording anything as published.
/// </summary>
public sealed class DirectPublishOverRabbitMqTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-direct-publish-").FullName;

    [Fact]
    public async Task A_consumer_gets_from_the_direct_path_what_MassTransit_publish_gives_it()
    {
        var received = new ConcurrentQueue<ConsumeContext<ModelDiscovered>>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(broker.ConnectionString));
            cfg.ConfigureJsonSerializerOptions(o => { o.Converters.Add(new JsonStringEnumConverter()); return o; });
            cfg.ReceiveEndpoint("test-model-discovered", e => e.Handler<ModelDiscovered>(c => { received.Enqueue(c); return Task.CompletedTask; }));
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var models = Snapshot.Lines(Snapshot.BundledPath).Take(3).Select(l => ModelRecordReader.Read(l).Model!).ToList();
            await using (var direct = new RabbitMqEventPublisher(bus, new Uri(broker.ConnectionString), new PublishOptions()))
            {
                await direct.PublishAsync(models.Select((m, i) => new OutgoingEvent<ModelDiscovered>(Id("direct", i), m)).ToList(), TestContext.Current.CancellationToken);
            }

            for (var i = 0; i < models.Count; i++)
            {
                var id = Id("masstransit", i);
                await bus.Publish(models[i], c => c.MessageId = id, TestContext.Current.CancellationToken);
            }

            await Eventually.Get(() => Task.FromResult(received.Count), n => n == 2 * models.Count, "both paths' messages");
            for (var i = 0; i < models.Count; i++)
            {
                var direct = Assert.Single(received, c => c.MessageId == Id("direct", i));
                var reference = Assert.Single(received, c => c.MessageId == Id("masstransit", i));
                Assert.Equal(JsonSerializer.Serialize(reference.Message), JsonSerializer.Serialize(direct.Message));
                Assert.Equal(JsonSerializer.Serialize(models[i]), JsonSerializer.Serialize(direct.Message));
                Assert.Equal(reference.SupportedMessageTypes, direct.SupportedMessageTypes);
                Assert.Equal((reference.SourceAddress, reference.DestinationAddress), (direct.SourceAddress, direct.DestinationAddress));
                Assert.Equal(reference.ReceiveContext.ContentType, direct.ReceiveContext.ContentType);
                Assert.NotNull(direct.ConversationId);
                Assert.True(direct.SentTime > DateTime.UtcNow.AddMinutes(-5), "no send time");
            }
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_batch_awaiting_its_confirms_no_longer_holds_its_events()
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri(broker.ConnectionString)));
        await bus.StartAsync(TestContext.Current.CancellationToken);
        var factory = new ConnectionFactory { Uri = new Uri(broker.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            // One publish awaiting its confirm at a time, each stored by the broker in a durable queue before it is confirmed:
            // the batch stays in flight for thousands of round trips.
            await using var direct = new RabbitMqEventPublisher(bus, new Uri(broker.ConnectionString), new PublishOptions { BrokerMaxInFlight = 1 });
            await StartPublishing(direct, 1).Publishing; // the first batch of a type keeps its events until the exchange is declared
            await channel.QueueDeclareAsync("in-flight", durable: true, exclusive: false, autoDelete: false, cancellationToken: TestContext.Current.CancellationToken);
            await channel.QueueBindAsync("in-flight", "OpenAccess.Contracts:ModelDiscovered", string.Empty, cancellationToken: TestContext.Current.CancellationToken);

            var (publishing, model) = StartPublishing(direct, 2000);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var collected = !model.IsAlive;
            Assert.False(publishing.IsCompleted, "the batch was confirmed before the check: it proves nothing");
            Assert.True(collected, "the publisher keeps the parsed events of a batch until its confirms arrive");
            await publishing;
        }
        finally
        {
            await channel.QueueDeleteAsync("in-flight", cancellationToken: CancellationToken.None);
            await bus.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Starts publishing <paramref name="count"/> events of one model, and keeps nothing of it but a weak reference.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static (Task Publishing, WeakReference Model) StartPublishing(RabbitMqEventPublisher publisher, int count)
    {
        var model = ModelRecordReader.Read(Snapshot.Lines(Snapshot.BundledPath).First()).Model!;
        var events = Enumerable.Range(0, count).Select(i => new OutgoingEvent<ModelDiscovered>(Id($"in-flight-{count}", i), model)).ToList();
        return (publisher.PublishAsync(events, TestContext.Current.CancellationToken), new WeakReference(model));
    }

    [Fact]
    public async Task A_publish_the_broker_refuses_fails_the_run_and_the_next_import_publishes_everything()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = broker.ConnectionString,
            ["OpenAccess:DataDirectory"] = Path.Combine(data, "harvester"),
            ["OpenAccess:Harvester:Seed"] = "",
        };
        using var harvester = new ServiceFactory<SnapshotImporter>(settings);
        var http = harvester.CreateClient();
        var lines = Snapshot.Lines(Snapshot.BundledPath).Take(5).ToList();
        var snapshot = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

        // A queue that holds one message and refuses the rest: the broker nacks those publishes.
        var factory = new ConnectionFactory { Uri = new Uri(broker.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        await channel.ExchangeDeclareAsync("OpenAccess.Contracts:ModelDiscovered", ExchangeType.Fanout, durable: true, cancellationToken: TestContext.Current.CancellationToken);
        await channel.QueueDeclareAsync("full", durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-max-length"] = 1, ["x-overflow"] = "reject-publish" }, cancellationToken: TestContext.Current.CancellationToken);
        await channel.QueueBindAsync("full", "OpenAccess.Contracts:ModelDiscovered", string.Empty, cancellationToken: TestContext.Current.CancellationToken);

        var refused = await ImportAsync(http, snapshot, "refused");
        Assert.Equal("failed", refused.Status);
        Assert.Contains("RabbitMQ refused a ModelDiscovered (basic.nack)", refused.Failure);
        Assert.Equal(0, refused.Published);

        await channel.QueueDeleteAsync("full", cancellationToken: TestContext.Current.CancellationToken);
        await channel.QueueDeclareAsync("sink", durable: true, exclusive: false, autoDelete: false, cancellationToken: TestContext.Current.CancellationToken);
        await channel.QueueBindAsync("sink", "OpenAccess.Contracts:ModelDiscovered", string.Empty, cancellationToken: TestContext.Current.CancellationToken);
        var again = await ImportAsync(http, snapshot, "again");
        Assert.Equal(("completed", lines.Count, 0), (again.Status, again.Published, again.Unchanged));
        Assert.Equal(lines.Count, (await broker.QueueDepthsAsync())["sink"]);
    }

    static async Task<ApiClient.Run> ImportAsync(HttpClient harvester, byte[] snapshot, string name)
    {
        using var response = await harvester.PostAsync($"/snapshots?name={name}", new ByteArrayContent(snapshot), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<ApiClient.Run>(ApiClient.Json, TestContext.Current.CancellationToken))!.Id;
        return await Eventually.Get(async () => (await harvester.GetFromJsonAsync<ApiClient.Run>($"/runs/{id}", ApiClient.Json))!,
            r => r.Status is "completed" or "failed", $"run {id}");
    }

    static Guid Id(string path, int i) => OpenAccess.ServiceDefaults.Messaging.MessageIds.From("direct-publish-test", path, i.ToString());

    public void Dispose() => Directory.Delete(data, recursive: true);
}
