using MassTransit;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// Publishes through MassTransit, <see cref="PublishOptions.MaxInFlight"/> at a time: the path of the in-memory bus
/// (Standalone host, unit tests), where there is no broker to hand the batch to directly.
/// </summary>
public sealed class BusEventPublisher(IPublishEndpoint bus, PublishOptions options) : IEventPublisher
{
    public async Task PublishAsync<T>(IReadOnlyList<OutgoingEvent<T>> events, CancellationToken cancellationToken) where T : class
    {
        var window = new PublishWindow(options.MaxInFlight);
        foreach (var e in events)
        {
            var id = e.MessageId;
            await window.AddAsync(bus.Publish(e.Message, context => context.MessageId = id, cancellationToken));
        }

        await window.DrainAsync();
    }
}
