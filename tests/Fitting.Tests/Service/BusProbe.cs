using System.Collections.Concurrent;
using MassTransit;
using OpenAccess.Contracts;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>
/// Watches the service's bus as another service would: collects every published
/// <see cref="AdoptionForecastUpdated"/> with its message id, and counts the FamilyAdoptionChanged
/// messages the service has finished consuming.
/// </summary>
public sealed class BusProbe : IConsumeObserver
{
    readonly ConcurrentQueue<(Guid? MessageId, AdoptionForecastUpdated Message)> published = new();
    int consumed;

    public IReadOnlyList<(Guid? MessageId, AdoptionForecastUpdated Message)> Published => [.. published];

    public static async Task<BusProbe> AttachAsync(IBus bus)
    {
        var probe = new BusProbe();
        bus.ConnectConsumeObserver(probe);
        var handle = bus.ConnectReceiveEndpoint($"probe-{Guid.NewGuid():N}", e =>
            e.Handler<AdoptionForecastUpdated>(context =>
            {
                probe.published.Enqueue((context.MessageId, context.Message));
                return Task.CompletedTask;
            }));
        await handle.Ready;
        return probe;
    }

    /// <summary>Waits until the service has consumed <paramref name="count"/> series in all, then gives late publications a moment to arrive.</summary>
    public async Task ConsumedAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Volatile.Read(ref consumed) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {consumed} of {count} series were consumed");
            await Task.Delay(50);
        }
        await Task.Delay(300);
    }

    public async Task<IReadOnlyList<AdoptionForecastUpdated>> PublishedAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (published.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {published.Count} of {count} AdoptionForecastUpdated were published");
            await Task.Delay(50);
        }
        return [.. published.Select(p => p.Message)];
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is FamilyAdoptionChanged)
            Interlocked.Increment(ref consumed);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        if (context.Message is FamilyAdoptionChanged)
            Interlocked.Increment(ref consumed);
        return Task.CompletedTask;
    }
}
