using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenAccess.Faults.Tests.Infrastructure;
using RabbitMQ.Client;

namespace OpenAccess.Faults.Tests;

/// <summary>
/// A poison model amid good ones, as the services take models: many to a ModelsDiscovered. A record that reads but cannot be
/// stored is set aside alone to the consumer's <c>_error</c> queue, with the reason in its headers and in its log, and the rest of
/// its message is stored; a message that cannot be read at all goes there whole at once. Every good model behind it is stored.
/// </summary>
public sealed class PoisonMessageTests
{
    const string Exchange = "OpenAccess.Contracts:ModelsDiscovered";
    const int RetryLimit = 2;
    const int GoodBefore = 100, GoodAfter = 100;

    static readonly string[] Consumers = [Pipeline.Lineage, Pipeline.Evaluator];

    static readonly string[] RetrySettings =
        [$"--OpenAccess:Bus:RetryLimit={RetryLimit}", "--OpenAccess:Bus:RetryMinMilliseconds=100", "--OpenAccess:Bus:RetryMaxMilliseconds=200"];

    /// <summary>
    /// Each poison, the consumers it poisons, how many more times each tries it before giving up, and whether good models share
    /// its message.
    /// </summary>
    public static TheoryData<string, string, string[], int, bool> Poisons => new()
    {
        // Deserializes, but its list of base models is null (a publisher that writes null for an empty list): Lineage, which
        // walks the links, throws. The Evaluator reads no list a profile needs, and profiles it. Amid 100 good models of its
        // message: they go through, so the fault is the record's, and it is set aside at once, alone, with no retry count.
        { "null-lists", """{"id":"poison/null-lists","author":"poison","createdAt":"2024-03-01T00:00:00Z","tags":null,"baseModels":null}""", [Pipeline.Lineage], 0, true },
        // Not a model at all: the id is a number, the date is not one. No consumer can read the message, and MassTransit does
        // not try again what it cannot read (the retries sit after deserialization): it is moved at once, with no retry count.
        // A message that cannot be read cannot be split either, so this one holds the poison alone.
        { "not-deserializable", """{"id":42,"author":["poison"],"createdAt":"not a date"}""", [Pipeline.Lineage, Pipeline.Evaluator], 0, false },
    };

    [Theory]
    [MemberData(nameof(Poisons))]
    public async Task A_poison_goes_to_error_with_its_reason_logged_and_blocks_nothing_beside_or_behind_it(string name, string poison, string[] poisoned, int retries, bool amidGood)
    {
        await using var pipeline = await Pipeline.StartAsync($"poison-{name}", Consumers.ToDictionary(c => c, _ => RetrySettings));
        var good = Enumerable.Range(0, 3 * GoodBefore + GoodAfter).Select(i => $"poison-amid/{name}-{i:D4}").ToList();
        var poisonId = Guid.NewGuid();
        var poisonEntry = $$"""{"messageId":"{{poisonId}}","model":{{poison}}}""";
        var beside = good.Skip(GoodBefore).Take(2 * GoodBefore).Select(Entry).ToList();

        await using (var connection = await new ConnectionFactory { Uri = new Uri(pipeline.BrokerUri) }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await PublishAsync(channel, Guid.NewGuid(), good.Take(GoodBefore).Select(Entry));
            if (amidGood)
            {
                await PublishAsync(channel, Guid.NewGuid(), [.. beside.Take(GoodBefore), poisonEntry, .. beside.Skip(GoodBefore)]);
            }
            else
            {
                await PublishAsync(channel, Guid.NewGuid(), beside);
                await PublishAsync(channel, poisonId, [poisonEntry]);
            }

            await PublishAsync(channel, Guid.NewGuid(), good.Skip(3 * GoodBefore).Select(Entry));
        }

        pipeline.Note($"published {GoodBefore} good, the poison '{name}' ({poisonId}) {(amidGood ? "amid" : "after")} {2 * GoodBefore} good, {GoodAfter} good");

        // Nothing behind it blocked: every good model is stored by each consumer.
        await Eventually.Get(pipeline.StoredModelsAsync, n => n >= good.Count, "Lineage to store every good model", 120);
        var evaluator = pipeline[Pipeline.Evaluator].Http;
        foreach (var id in good)
            await Eventually.Get(async () => (await evaluator.GetAsync($"/models/{id}")).IsSuccessStatusCode, ok => ok, $"the Evaluator's profile of {id}", 60);
        Assert.Equal(good.Count, await pipeline.StoredModelsAsync());

        foreach (var consumer in poisoned)
        {
            var queue = $"{consumer.ToLowerInvariant()}-models-discovered_error";
            var dead = await Eventually.Get(async () => new DeadLetters(await pipeline.DeadLettersAsync()), q => q.Queues.GetValueOrDefault(queue) > 0,
                $"the poison in {queue} (the {consumer} said:\n{pipeline[consumer].Tail(3000)})", 60);
            Assert.True(dead.Queues[queue] == 1, $"{queue} holds {dead.Queues[queue]} messages, the poison only expected");

            var (headers, body) = await PeekAsync(pipeline.BrokerUri, queue);
            Assert.Contains(poisonId.ToString(), body);
            Assert.DoesNotContain(good[GoodBefore], body); // the poison alone, not the good models of its message
            Assert.True(headers.TryGetValue("MT-Fault-Message", out var reason) && !string.IsNullOrWhiteSpace(reason),
                $"{queue}: the poison carries no reason; headers {string.Join(", ", headers.Select(h => $"{h.Key}={h.Value}"))}");
            var retried = headers.GetValueOrDefault("MT-Fault-RetryCount") ?? "0";
            Assert.True(retried == retries.ToString(),
                $"{queue}: tried {retried} more times, not {retries} (OpenAccess:Bus:RetryLimit is {RetryLimit}); headers {string.Join(", ", headers.Select(h => $"{h.Key}={h.Value[..Math.Min(h.Value.Length, 200)]}"))}");

            var log = pipeline[consumer].Output;
            Assert.True(log.Contains(poisonId.ToString(), StringComparison.OrdinalIgnoreCase) && log.Contains(reason!.Split('\n')[0].Trim(), StringComparison.Ordinal),
                $"{consumer} did not log the poison's fault ({reason}):\n{pipeline[consumer].Tail()}");
        }

        foreach (var consumer in Consumers.Except(poisoned))
            Assert.Equal(0, (await pipeline.DeadLettersAsync()).GetValueOrDefault($"{consumer.ToLowerInvariant()}-models-discovered_error"));
        Assert.Equal(0, (await Broker.QueueDepthsAsync(pipeline.VirtualHost)).Where(q => !Pipeline.IsDeadLetter(q.Key)).Sum(q => q.Value));
    }

    sealed record DeadLetters(IReadOnlyDictionary<string, long> Queues)
    {
        public override string ToString() => string.Join(", ", Queues.Select(q => $"{q.Key} {q.Value}"));
    }

    static string Entry(string id) => $$"""{"messageId":"{{Guid.NewGuid()}}","model":{{GoodModel(id)}}}""";

    static string GoodModel(string id) => JsonSerializer.Serialize(new
    {
        id,
        author = id.Split('/')[0],
        sha = "0123456789abcdef0123456789abcdef01234567",
        createdAt = "2024-03-01T00:00:00Z",
        lastModified = "2024-03-01T00:00:00Z",
        tags = new[] { "transformers", "license:apache-2.0" },
        pipelineTag = "text-generation",
        downloads = 10,
    });

    /// <summary>A ModelsDiscovered of the given entries as MassTransit publishes it: its JSON envelope, on the exchange of the message type.</summary>
    static async Task PublishAsync(IChannel channel, Guid messageId, IEnumerable<string> entries)
    {
        var message = $$"""{"models":[{{string.Join(',', entries)}}]}""";
        var envelope = $$"""{"messageId":"{{messageId}}","messageType":["urn:message:OpenAccess.Contracts:ModelsDiscovered"],"message":{{message}},"sentTime":"{{DateTime.UtcNow:O}}"}""";
        var properties = new BasicProperties { MessageId = messageId.ToString(), ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent };
        await channel.BasicPublishAsync(Exchange, string.Empty, mandatory: false, properties, Encoding.UTF8.GetBytes(envelope));
    }

    /// <summary>The first message of a queue, left in it: its headers as text, and its body.</summary>
    static async Task<(Dictionary<string, string> Headers, string Body)> PeekAsync(string broker, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var message = await channel.BasicGetAsync(queue, autoAck: false) ?? throw new InvalidOperationException($"{queue} is empty");
        var headers = (message.BasicProperties.Headers ?? new Dictionary<string, object?>()).ToDictionary(
            h => h.Key, h => h.Value switch { byte[] b => Encoding.UTF8.GetString(b), null => "", var v => v.ToString() ?? "" });
        await channel.BasicNackAsync(message.DeliveryTag, multiple: false, requeue: true);
        return (headers, Encoding.UTF8.GetString(message.Body.Span));
    }
}
