using System.Runtime.CompilerServices;
using System.Text;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging.Replay;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// Every saved model's last published <see cref="ModelDiscovered"/>: the store keeps a model's record only once the broker
/// confirmed its event, so the record read back is what was published, under <see cref="ModelBatchWriter.MessageId"/>.
/// <see cref="ModelDiscovered.HarvestRunId"/> is left out: a replay belongs to no harvest run.
/// </summary>
public sealed class ModelReplaySource(IHarvestStore store) : IReplaySource
{
    /// <summary>A saved record was judged by the limits of its import; it is not judged again by today's.</summary>
    static readonly RecordLimits Saved = new(int.MaxValue, int.MaxValue, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    public string EventType => nameof(ModelDiscovered);

    public Task<long> CountAsync(CancellationToken cancellationToken) => store.CountModelsAsync(cancellationToken);

    public async IAsyncEnumerable<ReplayMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (messageId, model, _) in ReadModelsAsync(cancellationToken)) yield return new ReplayMessage(messageId, model);
    }

    /// <summary>Each saved model under the id it was published with, and the size of its record in UTF-8.</summary>
    public async IAsyncEnumerable<(Guid MessageId, ModelDiscovered Model, int Size)> ReadModelsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var json in store.ReadRecordsAsync(cancellationToken))
        {
            if (ModelRecordReader.Read(json, Saved).Model is { } model)
            {
                yield return (ModelBatchWriter.MessageId(model.Id, ModelFingerprint.Of(model)), model, Encoding.UTF8.GetByteCount(json));
            }
        }
    }
}
