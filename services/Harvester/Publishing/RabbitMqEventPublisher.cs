using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using PublishException = RabbitMQ.Client.Exceptions.PublishException;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// Hands a batch straight to RabbitMQ on a channel of its own, in exactly the form MassTransit publishes it (its JSON
/// envelope, content type, message id, the exchange of its publish topology, the trace parent in <c>MT-Activity-Id</c>),
/// so the services' MassTransit consumers cannot tell the difference. MassTransit's per-message publish pipeline held an
/// import to a fraction of what the broker takes (docs/harvester.md); here a window of
/// <see cref="PublishOptions.BrokerMaxInFlight"/> publishes awaits the broker's confirms, and one producer span covers
/// the batch. A batch whose connection drops, or whose confirms do not come, is published again on a new channel (the consumers
/// know its message ids); a refusal by the broker is not.
/// </summary>
public sealed class RabbitMqEventPublisher(IBus bus, Uri broker, PublishOptions options, ILogger<RabbitMqEventPublisher>? logger = null)
    : IEventPublisher, IAsyncDisposable
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

    /// <remarks>
    /// The bodies are written before anything is awaited (once the type's exchange is declared), and the events are not kept:
    /// an import's parsed models are garbage as soon as its batch has started, not kept alive (and copied by every collection)
    /// until the broker confirms them.
    /// </remarks>
    public Task PublishAsync<T>(IReadOnlyList<OutgoingEvent<T>> events, CancellationToken cancellationToken) where T : class
    {
        if (events.Count == 0) return Task.CompletedTask;
        if (!destinations.TryGetValue(typeof(T), out var destination)) return DeclareThenSendAsync(events, cancellationToken);
        try
        {
            return SendAsync(destination, typeof(T).Name, Bodies(events, destination), cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException(e); // as an async method would: the caller learns of it when it awaits the batch
        }
    }

    /// <summary>The first batches of a type: they keep their events until the exchange is declared, and no longer.</summary>
    async Task DeclareThenSendAsync<T>(IReadOnlyList<OutgoingEvent<T>> events, CancellationToken cancellationToken) where T : class
    {
        var destination = await DeclareAsync<T>(cancellationToken);
        var bodies = Bodies(events, destination);
        events = []; // this method's state lives until the confirms, and with it its parameters
        await SendAsync(destination, typeof(T).Name, bodies, cancellationToken);
    }

    readonly record struct Body(string MessageId, byte[] Bytes);

    Body[] Bodies<T>(IReadOnlyList<OutgoingEvent<T>> events, Destination destination) where T : class
    {
        var bodies = new Body[events.Count];
        for (var i = 0; i < bodies.Length; i++)
        {
            var e = events[i];
            bodies[i] = new Body(e.MessageId.ToString(), MassTransitEnvelope.Serialize(e.MessageId, e.Message, bus.Address, destination.Address));
        }

        return bodies;
    }

    /// <summary>
    /// Sends the batch, and sends it again when its connection was lost or its confirms timed out (a broker restarting), up to
    /// <see cref="PublishOptions.BrokerRetryLimit"/> times; the last failure, or a refusal, fails the batch.
    /// </summary>
    async Task SendAsync(Destination destination, string messageType, Body[] bodies, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SendOnceAsync(destination, messageType, bodies, cancellationToken);
                return;
            }
            catch (Exception e) when (attempt <= options.BrokerRetryLimit && !cancellationToken.IsCancellationRequested && e is not RefusedException)
            {
                var delay = TimeSpan.FromMilliseconds((double)options.BrokerRetryDelayMilliseconds * attempt);
                (logger ?? NullLogger<RabbitMqEventPublisher>.Instance).LogWarning(
                    "A batch of {Count} {MessageType} was not confirmed ({Reason}); publishing it again in {Delay} (retry {Attempt} of {Limit})",
                    bodies.Length, messageType, e.Message, delay, attempt, options.BrokerRetryLimit);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    /// <summary>The broker said no to a message (basic.return or basic.nack): the same bytes would be refused again.</summary>
    sealed class RefusedException(string message, Exception inner) : InvalidOperationException(message, inner);

    /// <summary>
    /// Publishes the bodies back to back (the client then writes many frames a syscall, and the broker reads many a packet,
    /// docs/harvester.md), keeping <see cref="PublishOptions.BrokerMaxInFlight"/> awaiting their confirm; a refusal fails the whole batch.
    /// </summary>
    async Task SendOnceAsync(Destination destination, string messageType, Body[] bodies, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.BrokerConfirmTimeoutSeconds));
        IChannel channel;
        try
        {
            channel = await RentChannelAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No channel to RabbitMQ within {options.BrokerConfirmTimeoutSeconds} s");
        }

        var window = new Queue<Task>(options.BrokerMaxInFlight);
        try
        {
            using var activity = Source.StartActivity($"{destination.Exchange} send", ActivityKind.Producer);
            activity?.SetTag("messaging.system", "rabbitmq");
            activity?.SetTag("messaging.operation.type", "send");
            activity?.SetTag("messaging.destination.name", destination.Exchange);
            activity?.SetTag("messaging.batch.message_count", bodies.Length);
            var parent = Activity.Current?.Id;
            foreach (var body in bodies)
            {
                if (window.Count == options.BrokerMaxInFlight)
                {
                    await window.Dequeue();
                }

                window.Enqueue(channel.BasicPublishAsync(destination.Exchange, string.Empty, mandatory: false, Properties(body.MessageId, parent), body.Bytes, timeout.Token).AsTask());
            }

            await Task.WhenAll(window);
            idle.Add(channel);
        }
        catch (PublishException e)
        {
            await DropAsync(channel, window);
            throw new RefusedException(
                $"RabbitMQ refused a {messageType} (basic.{(e.IsReturn ? "return" : "nack")}) on exchange '{destination.Exchange}'; the batch is not recorded as published", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await DropAsync(channel, window);
            throw new TimeoutException($"RabbitMQ did not confirm the batch within {options.BrokerConfirmTimeoutSeconds} s");
        }
        catch
        {
            await DropAsync(channel, window);
            throw;
        }
    }

    /// <summary>
    /// A channel whose batch failed is not reused; the publishes left on it are observed first. Its closing is not waited for
    /// past a few seconds: on a connection the broker dropped it may never answer.
    /// </summary>
    static async Task DropAsync(IChannel channel, IEnumerable<Task> window)
    {
        await Task.WhenAll(window).ContinueWith(_ => { }, TaskScheduler.Default);
        await channel.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    static BasicProperties Properties(string messageId, string? parent)
    {
        var properties = new BasicProperties
        {
            MessageId = messageId,
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

    /// <summary>Declares the exchange MassTransit publishes <typeparamref name="T"/> to, as its topology declares it.</summary>
    async Task<Destination> DeclareAsync<T>(CancellationToken cancellationToken) where T : class
    {
        var topology = (IRabbitMqMessagePublishTopology<T>)bus.Topology.PublishTopology.GetMessageTopology<T>();
        if (!topology.TryGetPublishAddress(bus.Address, out var address))
        {
            throw new InvalidOperationException($"MassTransit gives no publish address for {typeof(T).Name}.");
        }

        var exchange = topology.Exchange;
        var channel = await RentChannelAsync(cancellationToken);
        try
        {
            await channel.ExchangeDeclareAsync(exchange.ExchangeName, exchange.ExchangeType, exchange.Durable, exchange.AutoDelete,
                exchange.ExchangeArguments, cancellationToken: cancellationToken);
            idle.Add(channel);
        }
        catch
        {
            await channel.DisposeAsync();
            throw;
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

            // No automatic recovery: a lost connection is replaced here, at the next batch, and a batch caught by the loss is
            // published again whole (SendAsync). Channels recovered under a batch in flight are what leave confirms unanswered.
            var factory = new ConnectionFactory { Uri = broker, AutomaticRecoveryEnabled = false, ClientProvidedName = "openaccess-harvester-publisher" };
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
