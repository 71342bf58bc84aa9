using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Formats;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.ServiceDefaults;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Messaging.Envelope;
using RabbitMQ.Client;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// A batch-event endpoint reads each body once (ReadOnceJsonDeserializer) and sees what MassTransit's own deserializer sees. Over a
/// real broker, the same published ModelsDiscovered goes to a batch-event endpoint and to a plain one (MassTransit's deserializer):
/// the message, its ids, addresses, times and headers are the same at both; a poison body goes to each one's <c>_error</c> with
/// the same fault, and is logged with its reason.
/// </summary>
public sealed class ReadOnceEnvelopeOverRabbitMqTests : IAsyncLifetime
{
    const string Service = "probe";
    const string BatchQueue = "probe-batch-endpoint-probe", PlainQueue = "probe-plain-endpoint-probe";
    const string Exchange = "OpenAccess.Contracts:ModelsDiscovered";

    readonly string data = Directory.CreateTempSubdirectory("openaccess-read-once-").FullName;
    readonly ConcurrentQueue<string> logs = new();
    readonly Seen seen = new();
    readonly RabbitMqTestBroker broker = new(); // a virtual host for each test, so each finds its _error queues empty
    IHost? host;

    public async ValueTask InitializeAsync()
    {
        await broker.InitializeAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = broker.ConnectionString,
            ["OpenAccess:DataDirectory"] = data,
            ["OpenAccess:Bus:RetryLimit"] = "1",
            ["OpenAccess:Bus:RetryMinMilliseconds"] = "50",
            ["OpenAccess:Bus:RetryMaxMilliseconds"] = "100",
        });
        builder.Services.AddSingleton<ILoggerProvider>(new LogLines(logs));
        builder.Services.AddSingleton(seen);
        builder.AddServiceDefaults(Service);
        builder.AddServiceBatchEventConsumer<BatchEndpointProbe>(Service);
        builder.AddServiceConsumer<PlainEndpointProbe>(Service);
        host = builder.Build();
        await host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await host!.StopAsync();
        host.Dispose();
        await broker.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task A_published_batch_of_100_real_models_reads_the_same_at_a_batch_endpoint_as_with_MassTransits_deserializer()
    {
        var message = new ModelsDiscovered { Models = await RealModelsAsync(100) };
        var (correlation, conversation, initiator) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await host!.Services.GetRequiredService<IBus>().Publish(message, (PublishContext<ModelsDiscovered> c) =>
        {
            c.CorrelationId = correlation;
            c.ConversationId = conversation;
            c.InitiatorId = initiator;
            c.ResponseAddress = new Uri("queue:probe-responses");
            c.FaultAddress = new Uri("queue:probe-faults");
            c.TimeToLive = TimeSpan.FromHours(1);
            c.Headers.Set("x-text", "é ☃ \"quoted\"");
            c.Headers.Set("x-number", 42);
            c.Headers.Set("x-flag", true);
        }, TestContext.Current.CancellationToken);

        var batch = await Eventually.Get(() => Task.FromResult(seen.At(BatchQueue)), s => s.Count == 1, "the batch endpoint to consume the message");
        var plain = await Eventually.Get(() => Task.FromResult(seen.At(PlainQueue)), s => s.Count == 1, "the plain endpoint to consume the message");

        Assert.Equal(nameof(ReadOnceSerializerContext), batch[0].Serializer);
        Assert.Equal(nameof(SystemTextJsonSerializerContext), plain[0].Serializer);
        Assert.Equal(Json(message), batch[0].Message);
        Assert.Equal(plain[0].Message, batch[0].Message);
        Assert.Equal(plain[0].Context, batch[0].Context);
        Assert.Contains($"CorrelationId={correlation}", batch[0].Context);
        Assert.Contains($"InitiatorId={initiator}", batch[0].Context);
        Assert.Contains("x-text=é ☃ \"quoted\"", batch[0].Context);
        Assert.Contains("x-number=42", batch[0].Context);
    }

    public static TheoryData<string, string> Poisons => new()
    {
        // The body ends halfway: no envelope can be read.
        { "truncated", """{"messageId":"{id}","messageType":["urn:message:OpenAccess.Contracts:ModelsDiscovered"],"message":{"models":[{"messageId":""" },
        // An envelope, but its message is not a ModelsDiscovered: a model's id is a number.
        { "not-a-model", """{"messageId":"{id}","messageType":["urn:message:OpenAccess.Contracts:ModelsDiscovered"],"message":{"models":[{"messageId":"{id}","model":{"id":42}}]}}""" },
        // Not JSON at all.
        { "not-json", "messageId {id} <html>" },
    };

    [Theory]
    [MemberData(nameof(Poisons))]
    public async Task A_poison_body_goes_to_error_with_the_fault_MassTransits_deserializer_gives_and_is_logged(string name, string body)
    {
        var id = Guid.NewGuid();
        await using (var connection = await new ConnectionFactory { Uri = new Uri(broker.ConnectionString) }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            var properties = new BasicProperties { MessageId = id.ToString(), ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent };
            await channel.BasicPublishAsync(Exchange, string.Empty, mandatory: false, properties, Encoding.UTF8.GetBytes(body.Replace("{id}", id.ToString())));
        }

        var faults = new Dictionary<string, Dictionary<string, string>>();
        foreach (var queue in new[] { BatchQueue, PlainQueue })
        {
            await Eventually.Get(broker.QueueDepthsAsync, q => q.GetValueOrDefault($"{queue}_error") == 1, $"the {name} poison in {queue}_error");
            var (headers, stored) = await PeekAsync($"{queue}_error");
            Assert.Equal(body.Replace("{id}", id.ToString()), stored); // moved as it came, for a person to read
            Assert.True(headers.TryGetValue("MT-Fault-Message", out var reason) && !string.IsNullOrWhiteSpace(reason), $"{queue}_error: no reason in the headers");
            Assert.True(logs.Any(l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(id.ToString(), StringComparison.OrdinalIgnoreCase) && l.Contains(reason!.Split('\n')[0].Trim(), StringComparison.Ordinal)),
                $"{queue}: the poison's fault ({reason}) is not logged with its id:\n{string.Join('\n', logs.TakeLast(10))}");
            faults[queue] = headers;
        }

        Assert.Equal(faults[PlainQueue].GetValueOrDefault("MT-Fault-ExceptionType"), faults[BatchQueue].GetValueOrDefault("MT-Fault-ExceptionType"));
        Assert.Equal(faults[PlainQueue].GetValueOrDefault("MT-Fault-RetryCount"), faults[BatchQueue].GetValueOrDefault("MT-Fault-RetryCount"));
        Assert.Empty(seen.At(BatchQueue));
        Assert.Empty(seen.At(PlainQueue));
    }

    static async Task<List<DiscoveredModel>> RealModelsAsync(int count)
    {
        var models = new List<DiscoveredModel>();
        await foreach (var record in SnapshotFileReader.ReadAsync(Snapshot.BundledPath, SnapshotFormat.Jsonl, "seed", default))
        {
            if (record.Model?.Model is { } model) models.Add(new DiscoveredModel(Guid.NewGuid(), model));
            if (models.Count == count) break;
        }

        return models;
    }

    static string Json<T>(T message) => JsonSerializer.Serialize(message, JsonSerializerOptions.Web);

    async Task<(Dictionary<string, string> Headers, string Body)> PeekAsync(string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(broker.ConnectionString) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var message = await channel.BasicGetAsync(queue, autoAck: false) ?? throw new InvalidOperationException($"{queue} is empty");
        var headers = (message.BasicProperties.Headers ?? new Dictionary<string, object?>()).ToDictionary(
            h => h.Key, h => h.Value switch { byte[] b => Encoding.UTF8.GetString(b), null => "", var v => v.ToString() ?? "" });
        await channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true);
        return (headers, Encoding.UTF8.GetString(message.Body.Span));
    }

    /// <summary>What each probe saw of each message: its serializer context's type, the message as JSON, and its context as text.</summary>
    public sealed class Seen
    {
        readonly ConcurrentDictionary<string, ConcurrentQueue<(string Serializer, string Message, string Context)>> byQueue = new();

        public IReadOnlyList<(string Serializer, string Message, string Context)> At(string queue) => [.. byQueue.GetOrAdd(queue, _ => new())];

        public void Add(ConsumeContext<ModelsDiscovered> context)
        {
            var headers = context.Headers.GetAll().OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value}");
            string[] fields =
            [
                $"MessageId={context.MessageId}", $"RequestId={context.RequestId}", $"CorrelationId={context.CorrelationId}",
                $"ConversationId={context.ConversationId}", $"InitiatorId={context.InitiatorId}", $"SourceAddress={context.SourceAddress}",
                $"DestinationAddress={context.DestinationAddress}", $"ResponseAddress={context.ResponseAddress}", $"FaultAddress={context.FaultAddress}",
                $"SentTime={context.SentTime:O}", $"ExpirationTime={context.ExpirationTime:O}", $"Host={context.Host?.MachineName}/{context.Host?.ProcessId}/{context.Host?.MassTransitVersion}",
                $"MessageTypes={string.Join(',', context.SupportedMessageTypes)}", .. headers,
            ];
            var queue = context.ReceiveContext.InputAddress.Segments[^1].TrimEnd('/');
            byQueue.GetOrAdd(queue, _ => new()).Enqueue((context.SerializerContext.GetType().Name, Json(context.Message), string.Join('\n', fields)));
        }
    }

    public sealed class BatchEndpointProbe(Seen seen) : IConsumer<ModelsDiscovered>
    {
        public Task Consume(ConsumeContext<ModelsDiscovered> context)
        {
            seen.Add(context);
            return Task.CompletedTask;
        }
    }

    public sealed class PlainEndpointProbe(Seen seen) : IConsumer<ModelsDiscovered>
    {
        public Task Consume(ConsumeContext<ModelsDiscovered> context)
        {
            seen.Add(context);
            return Task.CompletedTask;
        }
    }
}
