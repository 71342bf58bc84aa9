using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OpenAccess.ServiceDefaults.Messaging.Progress;

/// <summary>
/// <c>openaccess.messaging.queue.depth</c>: messages ready in each of this process's consumer queues and their
/// <c>_error</c> queues, read from RabbitMQ every <see cref="QueueDepthOptions.IntervalSeconds"/> by a passive declare (no
/// management plugin needed). An <c>_error</c> queue not yet made has no reading. The gauge gives the last reading.
/// </summary>
public sealed class QueueDepthGauge : BackgroundService
{
    public const string InstrumentName = "openaccess.messaging.queue.depth";

    readonly Uri broker;
    readonly ConsumerQueues queues;
    readonly QueueDepthOptions options;
    readonly ILogger<QueueDepthGauge> logger;
    readonly ConcurrentDictionary<string, long> depths = new(StringComparer.Ordinal);

    public QueueDepthGauge(Uri broker, ConsumerQueues queues, QueueDepthOptions options, IMeterFactory meters, ILogger<QueueDepthGauge> logger)
    {
        this.broker = broker;
        this.queues = queues;
        this.options = options;
        this.logger = logger;
        meters.Create(ConsumeLagObserver.MeterName).CreateObservableGauge(InstrumentName,
            () => depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("messaging.destination.name", d.Key))),
            unit: "{message}", description: "Messages ready in a consumer queue, as RabbitMQ last reported it.");
    }

    /// <summary>The last reading of each queue.</summary>
    public IReadOnlyDictionary<string, long> Depths => depths;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.IntervalSeconds));
        IConnection? connection = null;
        try
        {
            do
            {
                try
                {
                    connection ??= await new ConnectionFactory { Uri = broker, AutomaticRecoveryEnabled = true, ClientProvidedName = "openaccess-queue-depth" }
                        .CreateConnectionAsync(stoppingToken);
                    await ReadAsync(connection, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Queue depths could not be read from RabbitMQ ({Reason}); trying again in {Seconds} s", e.Message, options.IntervalSeconds);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    async Task ReadAsync(IConnection connection, CancellationToken cancellationToken)
    {
        IChannel? channel = null;
        try
        {
            foreach (var queue in queues.Names.SelectMany(q => new[] { q, $"{q}_error" }))
            {
                channel ??= await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                try
                {
                    depths[queue] = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
                }
                catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
                {
                    // not declared (yet): the broker closed the channel, a new one reads the next queue
                    depths.TryRemove(queue, out _);
                    await channel.DisposeAsync();
                    channel = null;
                }
            }
        }
        finally
        {
            if (channel is not null) await channel.DisposeAsync();
        }
    }
}
