using System.Collections.Concurrent;
using MassTransit;

namespace OpenAccess.Testing;

/// <summary>A queue of its own on the bus, bound to one message type as a subscribing service's would be, collecting what arrives.</summary>
public static class BusCollection
{
    /// <summary>Each <typeparamref name="T"/> published from now on, once the queue is ready.</summary>
    public static Task<ConcurrentQueue<T>> CollectAsync<T>(this IBus bus, string queue) where T : class =>
        CollectAsync<T, T>(bus, queue, c => c.Message);

    /// <summary>Each <typeparamref name="T"/> published from now on with its headers, once the queue is ready.</summary>
    public static Task<ConcurrentQueue<ConsumeContext<T>>> CollectContextsAsync<T>(this IBus bus, string queue) where T : class =>
        CollectAsync<T, ConsumeContext<T>>(bus, queue, c => c);

    static async Task<ConcurrentQueue<TItem>> CollectAsync<T, TItem>(IBus bus, string queue, Func<ConsumeContext<T>, TItem> item) where T : class
    {
        var received = new ConcurrentQueue<TItem>();
        var handle = bus.ConnectReceiveEndpoint(queue, e => e.Handler<T>(c =>
        {
            received.Enqueue(item(c));
            return Task.CompletedTask;
        }));
        await handle.Ready;
        return received;
    }
}
