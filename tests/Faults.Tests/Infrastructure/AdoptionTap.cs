using System.Collections.Concurrent;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OpenAccess.Faults.Tests.Infrastructure;

/// <summary>
/// A queue of the test's own bound to the exchange Fitting's queue is bound to: it receives every FamilyAdoptionChanged
/// published, as Fitting does, and counts how often each family's series came under each version. It is consumed as
/// messages arrive, so it never holds any and the pipeline's quiescence does not wait for it.
/// </summary>
public sealed class AdoptionTap : IAsyncDisposable
{
    const string Exchange = "OpenAccess.Contracts:FamilyAdoptionChanged";
    const string Queue = "test-adoption-tap";

    readonly IConnection connection;
    readonly IChannel channel;
    readonly ConcurrentDictionary<(string Family, long Version), int> counts = new();

    AdoptionTap(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    /// <summary>Each (family, version) published so far, with how many times it was.</summary>
    public IReadOnlyDictionary<(string Family, long Version), int> Published => counts;

    /// <summary>Binds the tap; the exchange is declared as MassTransit declares it, so the tap works before anything is published.</summary>
    public static async Task<AdoptionTap> BindAsync(string broker)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(Queue, Exchange, string.Empty);
        var tap = new AdoptionTap(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var message = JsonDocument.Parse(delivery.Body).RootElement.GetProperty("message");
            tap.counts.AddOrUpdate((message.GetProperty("familyId").GetString()!, message.GetProperty("seriesVersion").GetInt64()), 1, (_, n) => n + 1);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(Queue, autoAck: true, consumer);
        return tap;
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
