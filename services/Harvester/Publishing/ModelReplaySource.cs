using System.Runtime.CompilerServices;
using System.Text;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Hub;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging.Replay;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// Every saved model's last published <see cref="ModelDiscovered"/>: the store keeps a model's record only once the broker
/// confirmed its event, so the record read back is what was published, under <see cref="ModelBatchWriter.MessageId"/>; a family
/// root with a kept config.json outcome went out again with it, and is replayed as that (<see cref="ConfigFileHarvester.MessageId"/>).
/// <see cref="ModelDiscovered.HarvestRunId"/> is left out: a replay belongs to no harvest run.
/// </summary>
public sealed class ModelReplaySource(IHarvestStore store) : IReplaySource
{
    const int Chunk = 500;

    /// <summary>A saved record was judged by the limits of its import; it is not judged again by today's.</summary>
    static readonly RecordLimits Saved = new(int.MaxValue, int.MaxValue, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    public string EventType => nameof(ModelDiscovered);

    public Task<long> CountAsync(CancellationToken cancellationToken) => store.CountModelsAsync(cancellationToken);

    public async IAsyncEnumerable<ReplayMessage> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (messageId, model, _) in ReadModelsAsync(cancellationToken)) yield return new ReplayMessage(messageId, model);
    }

    /// <summary>
    /// Each saved model as it was last published, under that message id, and the size of its record in UTF-8: a family root
    /// whose config.json outcome is kept went out last with it (<see cref="ConfigFileHarvester"/>), so it is replayed so.
    /// </summary>
    public async IAsyncEnumerable<(Guid MessageId, ModelDiscovered Model, int Size)> ReadModelsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunk = new List<(ModelDiscovered Model, int Size)>(Chunk);
        await foreach (var json in store.ReadRecordsAsync(cancellationToken))
        {
            if (ModelRecordReader.Read(json, Saved).Model is { } model) chunk.Add((model, Encoding.UTF8.GetByteCount(json)));
            if (chunk.Count < Chunk) continue;
            foreach (var read in await LastPublishedAsync(chunk, cancellationToken)) yield return read;
            chunk.Clear();
        }

        foreach (var read in await LastPublishedAsync(chunk, cancellationToken)) yield return read;
    }

    async Task<List<(Guid MessageId, ModelDiscovered Model, int Size)>> LastPublishedAsync(List<(ModelDiscovered Model, int Size)> chunk, CancellationToken cancellationToken)
    {
        var configFiles = await store.GetConfigFilesAsync([.. chunk.Where(c => c.Model.Sha is not null).Select(c => ConfigFileEntry.KeyOf(c.Model.Id, c.Model.Sha!))], cancellationToken);
        return [.. chunk.Select(c => c.Model.Sha is { } sha && configFiles.TryGetValue(ConfigFileEntry.KeyOf(c.Model.Id, sha), out var entry)
            ? (ConfigFileHarvester.MessageId(c.Model.Id, entry), ConfigFileHarvester.WithConfigFile(c.Model, entry), c.Size)
            : (ModelBatchWriter.MessageId(c.Model.Id, ModelFingerprint.Of(c.Model)), c.Model, c.Size))];
    }
}
