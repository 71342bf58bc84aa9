using System.Collections.Concurrent;
using RabbitMQ.Client;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>
/// Polls the ready messages of each named queue every <c>interval</c> with a passive declare, which costs the broker a
/// lookup (rabbitmqctl would start an Erlang VM each time: a core's worth of CPU at this rate), and keeps each queue's peak.
/// A poll that fails (at a load of 40 on 2 cores a declare can outlast the client's timeout, which closes the channel) is
/// counted and the next one opens a channel again: a poller that stopped would leave the last depths standing for ever, and
/// the run would never see the queues empty.
/// </summary>
public sealed class QueueDepths(IConnection connection, IReadOnlyList<string> queues, TimeSpan interval)
{
    readonly ConcurrentDictionary<string, long> peaks = new();
    readonly ConcurrentDictionary<string, long> current = new();

    public IReadOnlyDictionary<string, long> Peaks => peaks;
    public IReadOnlyDictionary<string, long> Current => current;

    /// <summary>Polls that failed and were tried again.</summary>
    public int FailedPolls { get; private set; }

    /// <summary>True when the last poll found every queue without ready messages.</summary>
    public bool AllEmpty => current.Count == queues.Count && current.Values.All(v => v == 0);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        IChannel? channel = null;
        try
        {
            do
            {
                try
                {
                    channel ??= await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                    foreach (var queue in queues)
                    {
                        var depth = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
                        current[queue] = depth;
                        peaks.AddOrUpdate(queue, depth, (_, peak) => Math.Max(peak, depth));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    FailedPolls++;
                    current.Clear(); // unknown until a poll succeeds again: not empty
                    if (channel is not null) await channel.DisposeAsync();
                    channel = null;
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        finally
        {
            if (channel is not null) await channel.DisposeAsync();
        }
    }
}
