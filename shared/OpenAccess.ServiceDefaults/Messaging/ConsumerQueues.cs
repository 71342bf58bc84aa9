using System.Collections.Concurrent;

namespace OpenAccess.ServiceDefaults.Messaging;

/// <summary>
/// The queues this process's consumers read, as MassTransit configures their endpoints (<c>{service}-{consumer}</c>, and a
/// Lineage reader's own queue): the one list both readiness (<see cref="QueueConsumersHealthCheck"/>) and the queue-depth gauge
/// read. It fills when the bus starts, before the host serves.
/// </summary>
public sealed class ConsumerQueues
{
    readonly ConcurrentDictionary<string, bool> names = new(StringComparer.Ordinal);

    public void Add(string queue) => names.TryAdd(queue, true);

    public IReadOnlyList<string> Names => [.. names.Keys.Order(StringComparer.Ordinal)];
}
