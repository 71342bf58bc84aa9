using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using RabbitMQ.Client;
using PublishException = RabbitMQ.Client.Exceptions.PublishException;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// Hands a batch straight to RabbitMQ on a channel of its own, in exactly the form MassTransit publishes it (its JSON
/// envelope, content type, message id, the exchange of its publish topology, the trace parent in <c>MT-Activity-Id</c>),
/// so the services' MassTransit consumers cannot tell the difference. MassTransit's per-message publish pipeline held an
/// import to a fraction of what the broker takes (docs/harvester.md); here a window of
/// <see cref="PublishOptions.BrokerMaxInFlight"/> publishes awaits the broker's confirms, and one producer span covers
/// the batch.
/// </summary>
public sealed class RabbitMqEventPublisher(IBus bus, Uri broker, PublishOptions options) : IEventPublisher, IAsyncDisposable
{
    const string ContentType = "application/vnd.masstransit+json";
    const string ActivityIdHeader = "MT-Activity-Id";
    static readonly ActivitySource Source = new("OpenAccess.Harvester");
    static readonly CreateChannelOptions Confirmed = new(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
        outstandingPublisherConfirmationsRateLimiter: null); // our window bounds what is in flight; the client's limiter sleeps instead

    readonly SemaphoreSlim connecting = new(1, 1);
    readonly ConcurrentBag<IChannel> idle = [];
    readonly ConcurrentDictionary<Type, Destination> destinations = new();
    IConnection? connection;

    sealed record Destination(string Exchange, Uri Address);

    public async Task PublishAsync<T>(IReadOnlyList<OutgoingEvent<T>> events, CancellationToken cancellationToken) where T : class
    {
        if (events.Count == 0)
        {
            return;
        }

        var channel = await RentChannelAsync(cancellationToken);
        var reusable = false;
        try
        {
            var destination = await DestinationAsync<T>(channel, cancellationToken);
            using var activity = Source.StartActivity($"{destination.Exchange} send", ActivityKind.Producer);
            activity?.SetTag("messaging.system", "rabbitmq");
            activity?.SetTag("messaging.operation.type", "send");
            activity?.SetTag("messaging.destination.name", destination.Exchange);
            activity?.SetTag("messaging.batch.message_count", events.Count);
            await SendAsync(channel, destination, events, Activity.Current?.Id, cancellationToken);
            reusable = true;
        }
        finally
        {
            if (reusable && channel.IsOpen)
            {
                idle.Add(channel);
            }
            else
            {
                await channel.DisposeAsync();
            }
        }
    }

    /// <summary>Keeps <see cref="PublishOptions.BrokerMaxInFlight"/> publishes awaiting their confirm; a refusal fails the whole batch.</summary>
    async Task SendAsync<T>(IChannel channel, Destination destination, IReadOnlyList<OutgoingEvent<T>> events, string? parent, CancellationToken cancellationToken)
        where T : class
    {
        // Every body first, then the publishes back to back: the client then writes many frames a syscall, and the broker
        // reads many a packet, where a body built between two publishes sent each on its own (docs/harvester.md).
        var bodies = new byte[events.Count][];
        for (var i = 0; i < bodies.Length; i++)
        {
            bodies[i] = Envelope(events[i], destination);
        }

        var window = new Queue<Task>(options.BrokerMaxInFlight);
        try
        {
            for (var i = 0; i < bodies.Length; i++)
            {
                if (window.Count == options.BrokerMaxInFlight)
                {
                    await window.Dequeue();
                }

                window.Enqueue(channel.BasicPublishAsync(destination.Exchange, string.Empty, mandatory: false, Properties(events[i].MessageId, parent), bodies[i], cancellationToken).AsTask());
            }

            await Task.WhenAll(window);
        }
        catch (PublishException e)
        {
            await Task.WhenAll(window).ContinueWith(_ => { }, TaskScheduler.Default); // observe the rest; the channel is dropped
            throw new InvalidOperationException(
                $"RabbitMQ refused a {typeof(T).Name} (basic.{(e.IsReturn ? "return" : "nack")}) on exchange '{destination.Exchange}'; the batch is not recorded as published", e);
        }
    }

    static BasicProperties Properties(Guid messageId, string? parent)
    {
        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            ContentType = ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            Headers = new Dictionary<string, object?> { ["Content-Type"] = ContentType },
        };
        if (parent is not null)
        {
            properties.Headers[ActivityIdHeader] = parent;
        }

        return properties;
    }

    byte[] Envelope<T>(OutgoingEvent<T> e, Destination destination) where T : class =>
        MassTransitEnvelope.Serialize(e.MessageId, e.Message, bus.Address, destination.Address);

    /// <summary>The exchange MassTransit publishes <typeparamref name="T"/> to, declared as its topology declares it.</summary>
    async ValueTask<Destination> DestinationAsync<T>(IChannel channel, CancellationToken cancellationToken) where T : class
    {
        if (destinations.TryGetValue(typeof(T), out var known))
        {
            return known;
        }

        var topology = (IRabbitMqMessagePublishTopology<T>)bus.Topology.PublishTopology.GetMessageTopology<T>();
        var exchange = topology.Exchange;
        await channel.ExchangeDeclareAsync(exchange.ExchangeName, exchange.ExchangeType, exchange.Durable, exchange.AutoDelete,
            exchange.ExchangeArguments, cancellationToken: cancellationToken);
        if (!topology.TryGetPublishAddress(bus.Address, out var address))
        {
            throw new InvalidOperationException($"MassTransit gives no publish address for {typeof(T).Name}.");
        }

        return destinations[typeof(T)] = new Destination(exchange.ExchangeName, address);
    }

    async ValueTask<IChannel> RentChannelAsync(CancellationToken cancellationToken)
    {
        while (idle.TryTake(out var channel))
        {
            if (channel.IsOpen)
            {
                return channel;
            }

            await channel.DisposeAsync();
        }

        return await (await ConnectionAsync(cancellationToken)).CreateChannelAsync(Confirmed, cancellationToken);
    }

    async ValueTask<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (connection is { IsOpen: true } open)
        {
            return open;
        }

        await connecting.WaitAsync(cancellationToken);
        try
        {
            if (connection is { IsOpen: true } other)
            {
                return other;
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            var factory = new ConnectionFactory { Uri = broker, AutomaticRecoveryEnabled = true, ClientProvidedName = "openaccess-harvester-publisher" };
            return connection = await factory.CreateConnectionAsync(cancellationToken);
        }
        finally
        {
            connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (idle.TryTake(out var channel))
        {
            await channel.DisposeAsync();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }

        connecting.Dispose();
    }
}
