using System.Collections.Concurrent;
using RabbitMQ.Client;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>
/// Polls the ready messages of each named queue every <c>interval</c> with a passive declare, which costs the broker a
/// lookup (rabbitmqctl would start an Erlang VM each time: a core's worth of CPU at this rate), and keeps each queue's peak.
/// </summary>
public sealed class QueueDepths(IChannel channel, IReadOnlyList<string> queues, TimeSpan interval)
{
    readonly ConcurrentDictionary<string, long> peaks = new();
    readonly ConcurrentDictionary<string, long> current = new();

    public IReadOnlyDictionary<string, long> Peaks => peaks;
    public IReadOnlyDictionary<string, long> Current => current;

    /// <summary>True when the last poll found every queue without ready messages.</summary>
    public bool AllEmpty => current.Count == queues.Count && current.Values.All(v => v == 0);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            foreach (var queue in queues)
            {
                var depth = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
                current[queue] = depth;
                peaks.AddOrUpdate(queue, depth, (_, peak) => Math.Max(peak, depth));
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }
}
