using System.Collections.Concurrent;
using MassTransit;
using OpenAccess.Contracts;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>
/// Records every <see cref="AccessProfileUpdated"/> the service publishes (at the moment it publishes) and every finished
/// delivery of <see cref="ModelDiscovered"/>, so a test knows a redelivery was handled before it counts what came out.
/// </summary>
public sealed class BusRecorder : IPublishObserver, IConsumeObserver
{
    readonly ConcurrentQueue<(Guid? MessageId, AccessProfileUpdated Message)> published = new();
    readonly ConcurrentDictionary<string, int> handled = new();
    readonly ConcurrentQueue<Exception> faults = new();

    public static BusRecorder Attach(IBus bus)
    {
        var recorder = new BusRecorder();
        bus.ConnectPublishObserver(recorder);
        bus.ConnectConsumeObserver(recorder);
        return recorder;
    }

    public IReadOnlyList<(Guid? MessageId, AccessProfileUpdated Message)> Published => published.ToList();

    public IReadOnlyList<AccessProfileUpdated> PublishedFor(string modelId) => published.Where(p => p.Message.ModelId == modelId).Select(p => p.Message).ToList();

    /// <summary>Waits until the consumer has finished <paramref name="deliveries"/> deliveries of the model.</summary>
    public async Task HandledAsync(string modelId, int deliveries)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (handled.GetValueOrDefault(modelId) < deliveries)
        {
            Assert.Empty(faults);
            Assert.True(DateTime.UtcNow < deadline, $"{modelId} was handled {handled.GetValueOrDefault(modelId)} times, not {deliveries}");
            await Task.Delay(20);
        }
    }

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        if (context.Message is AccessProfileUpdated updated) published.Enqueue((context.MessageId, updated));
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is ModelsDiscovered batch)
        {
            foreach (var model in batch.Models) handled.AddOrUpdate(model.Model.Id, 1, (_, n) => n + 1);
        }
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        faults.Enqueue(exception);
        return Task.CompletedTask;
    }

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;
    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;
}
