using System.Runtime.CompilerServices;
using System.Text;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging.Replay;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// Every saved model's last published <see cref="ModelDiscovered"/> (<see cref="ModelReplaySource"/>), cut into
/// <see cref="ModelsDiscovered"/> as an import cuts them (<see cref="ModelBatchWriter.BatchEvents"/>): each model under its
/// original message id, which is what a batch subscriber recognises. The batches are cut in id order, not as the import cut
/// them, so a batch's own id is new; the count is of <see cref="PublishOptions.ModelsPerBatchEvent"/> models a message, and a
/// replay of records above <see cref="PublishOptions.ModelsPerBatchEventBytes"/> sends a few more messages than it counted.
/// </summary>
public sealed class ModelBatchReplaySource(IHarvestStore store, ModelReplaySource models, PublishOptions options) : IReplaySource
{
    public string EventType => nameof(ModelsDiscovered);

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var count = await store.CountModelsAsync(cancellationToken);
        return (count + options.ModelsPerBatchEvent - 1) / options.ModelsPerBatchEvent;
    }

    public async IAsyncEnumerable<ReplayMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = new List<OutgoingEvent<ModelDiscovered>>(options.ModelsPerBatchEvent);
        var sizes = new List<int>(options.ModelsPerBatchEvent);
        await foreach (var (messageId, model, size) in models.ReadModelsAsync(cancellationToken))
        {
            events.Add(new(messageId, model));
            sizes.Add(size);
            if (events.Count < options.ModelsPerBatchEvent) continue;
            foreach (var batch in ModelBatchWriter.BatchEvents(events, sizes, options)) yield return new ReplayMessage(batch.MessageId, batch.Message);
            events.Clear();
            sizes.Clear();
        }

        foreach (var batch in ModelBatchWriter.BatchEvents(events, sizes, options)) yield return new ReplayMessage(batch.MessageId, batch.Message);
    }
}
