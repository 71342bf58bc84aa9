using MassTransit;
using OpenAccess.Contracts;

namespace OpenAccess.ServiceDefaults.Messaging.Progress;

/// <summary>
/// Counts each event of a harvest run once its consumer is done with it, before it is acknowledged. A batch consumer's
/// messages finish with their batch (MassTransit completes each when the batch is consumed, or when
/// <see cref="BatchConsumption"/> marks it consumed alone), so one observer serves batch and single consumers alike,
/// and the consumers themselves know nothing of it.
/// </summary>
public sealed class RunProgressObserver(RunProgressCounter counter) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        var runId = context.Message switch
        {
            ModelDiscovered m => m.HarvestRunId,
            BenchmarkUpdated b => b.HarvestRunId,
            _ => null,
        };
        if (runId is not null && context.ReceiveContext.InputAddress is { } queue)
        {
            counter.Stored(runId, queue.Segments[^1].TrimEnd('/'), typeof(T).Name, context.MessageId);
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
