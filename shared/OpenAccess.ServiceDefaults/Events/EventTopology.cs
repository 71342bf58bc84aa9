using MassTransit;

namespace OpenAccess.ServiceDefaults.Events;

/// <summary>The exchange MassTransit publishes an event to on RabbitMQ, as its publish topology declares it.</summary>
public sealed record EventExchange(string Name, string Type, bool Durable, bool AutoDelete);

/// <summary>
/// Where each event goes on RabbitMQ, asked of MassTransit itself rather than restated: a RabbitMQ bus configured as the
/// services configure theirs (BusExtensions: no publish topology of their own), created but never started, so nothing
/// connects. Its publish topology is what the services' buses (and the harvester's own publisher) declare.
/// </summary>
public static class EventTopology
{
    static readonly Lazy<IBusControl> Bus = new(() => MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(new Uri("amqp://localhost/"))));

    /// <summary>The message type URN MassTransit writes in the envelope's <c>messageType</c>, e.g. <c>urn:message:OpenAccess.Contracts:ModelDiscovered</c>.</summary>
    public static string MessageType(Type type) => (string)Generic(nameof(MessageType), type);

    public static EventExchange ExchangeOf(Type type) => (EventExchange)Generic(nameof(Exchange), type);

    static object Generic(string name, Type type) =>
        typeof(EventTopology).GetMethod(name, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, null)!;

    static string MessageType<T>() where T : class => MessageUrn.ForTypeString<T>();

    static EventExchange Exchange<T>() where T : class
    {
        var topology = (IRabbitMqMessagePublishTopology<T>)Bus.Value.Topology.PublishTopology.GetMessageTopology<T>();
        var exchange = topology.Exchange;
        return new EventExchange(exchange.ExchangeName, exchange.ExchangeType, exchange.Durable, exchange.AutoDelete);
    }
}
