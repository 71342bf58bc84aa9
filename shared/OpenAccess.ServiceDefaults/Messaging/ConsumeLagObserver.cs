using System.Diagnostics.Metrics;
using MassTransit;

namespace OpenAccess.ServiceDefaults.Messaging;

/// <summary>
/// How long each message waited between its publish and the start of its consumption, by message type:
/// the queue lag a subscriber feels (seconds), where the sender's clock stamped the message.
/// </summary>
public sealed class ConsumeLagObserver : IConsumeObserver
{
    public const string MeterName = "OpenAccess.Messaging";
    public const string InstrumentName = "openaccess.messaging.consume.lag";
    static readonly Meter Meter = new(MeterName);
    static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(InstrumentName, unit: "s",
        description: "Time from a message's publish to the start of its consumption.");

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.SentTime is { } sent)
        {
            var seconds = Math.Max(0, (DateTime.UtcNow - sent).TotalSeconds);
            Lag.Record(seconds, new KeyValuePair<string, object?>("messaging.message.type", typeof(T).Name),
                new KeyValuePair<string, object?>("messaging.destination.name", context.ReceiveContext.InputAddress?.AbsolutePath.Trim('/')));
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
