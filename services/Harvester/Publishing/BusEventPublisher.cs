using MassTransit;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// Publishes through MassTransit, <see cref="PublishOptions.MaxInFlight"/> at a time across every batch in flight: the path
/// of the in-memory bus (Standalone host, unit tests), where there is no broker to hand the batch to directly, and of
/// <c>Publish:Direct=false</c>. One window for all batches, so an import with several batches in flight stays under
/// RabbitMQ.Client's confirm limiter (<see cref="PublishOptions.MaxInFlight"/>).
/// </summary>
public sealed class BusEventPublisher(IPublishEndpoint bus, PublishOptions options) : IEventPublisher
{
    readonly SemaphoreSlim window = new(options.MaxInFlight, options.MaxInFlight);

    public async Task PublishAsync<T>(IReadOnlyList<OutgoingEvent<T>> events, CancellationToken cancellationToken) where T : class
    {
        var publishes = new List<Task>(events.Count);
        try
        {
            foreach (var e in events)
            {
                await window.WaitAsync(cancellationToken);
                publishes.Add(PublishOneAsync(e, cancellationToken));
            }

            await Task.WhenAll(publishes);
        }
        catch
        {
            await Task.WhenAll(publishes).ContinueWith(_ => { }, TaskScheduler.Default); // none left unobserved
            throw;
        }
    }

    async Task PublishOneAsync<T>(OutgoingEvent<T> e, CancellationToken cancellationToken) where T : class
    {
        try
        {
            var id = e.MessageId;
            await bus.Publish(e.Message, context => context.MessageId = id, cancellationToken);
        }
        finally
        {
            window.Release();
        }
    }
}
