namespace OpenAccess.Harvester.Publishing;

/// <summary>One event to publish under a deterministic message id.</summary>
public readonly record struct OutgoingEvent<T>(Guid MessageId, T Message) where T : class;

/// <summary>
/// Puts a batch of events on the bus and returns once every one is out: confirmed by the broker on RabbitMQ, delivered
/// to the transport in memory. Throws when any of them was refused, so the caller records none of the batch as sent.
/// </summary>
public interface IEventPublisher
{
    Task PublishAsync<T>(IReadOnlyList<OutgoingEvent<T>> events, CancellationToken cancellationToken) where T : class;
}
