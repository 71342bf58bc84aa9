using MassTransit;
using OpenAccess.Contracts;

namespace OpenAccess.ServiceDefaults.Messaging.Progress;

/// <summary>
/// Counts each event of a harvest run once its consumer is done with it, before it is acknowledged: a
/// <see cref="ModelsDiscovered"/> counts each of its models under the model's own message id, less the ones
/// <see cref="ModelBatchConsumption"/> set aside to <c>_error</c> (<see cref="SetAsideModels"/>, added here before the consumer
/// runs). The consumers themselves know nothing of it.
/// </summary>
public sealed class RunProgressObserver(RunProgressCounter counter) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is ModelsDiscovered) context.GetOrAddPayload(() => new SetAsideModels());
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.ReceiveContext.InputAddress is not { } address) return Task.CompletedTask;
        var queue = address.Segments[^1].TrimEnd('/');
        switch (context.Message)
        {
            case ModelsDiscovered batch:
                context.TryGetPayload<SetAsideModels>(out var setAside);
                foreach (var model in batch.Models)
                {
                    if (model.Model.HarvestRunId is { } run && setAside?.Contains(model.MessageId) != true)
                    {
                        counter.Stored(run, queue, nameof(ModelDiscovered), model.MessageId);
                    }
                }

                break;
            case BenchmarkUpdated { HarvestRunId: { } run }:
                counter.Stored(run, queue, nameof(BenchmarkUpdated), context.MessageId);
                break;
        }

        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
