using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Harvester.Publishing;

/// <summary>What one batch of model records came to.</summary>
public sealed record BatchOutcome(int New, int Changed, int Unchanged)
{
    public int Published => New + Changed;
}

/// <summary>
/// Publishes the new and changed models of a batch under deterministic message ids, then saves their
/// fingerprints and records: a model counts as published only once its publish went out, so a crash
/// publishes at most one batch again, under the same ids.
/// </summary>
public sealed class ModelBatchWriter(IHarvestStore store, IPublishEndpoint publisher, PublishOptions options)
{
    public async Task<BatchOutcome> WriteAsync(IReadOnlyCollection<ModelRecord> records, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, ModelRecord>(StringComparer.Ordinal);
        foreach (var record in records.Where(r => r.IsValid))
        {
            latest[record.Model!.Id] = record;
        }

        if (latest.Count == 0)
        {
            return new BatchOutcome(0, 0, 0);
        }

        var known = await store.GetFingerprintsAsync(latest.Keys, cancellationToken);
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        var raw = new Dictionary<string, string>(StringComparer.Ordinal);
        var publishes = new PublishWindow(options.MaxInFlight);
        var isNew = 0;
        foreach (var (id, record) in latest)
        {
            var fingerprint = ModelFingerprint.Of(record.Model!);
            if (known.TryGetValue(id, out var previous) && previous == fingerprint)
            {
                continue;
            }

            if (previous is null) isNew++;
            fingerprints[id] = fingerprint;
            raw[id] = record.Raw;
            var messageId = MessageIds.From(nameof(ModelDiscovered), id, fingerprint);
            await publishes.AddAsync(publisher.Publish(record.Model!, context => context.MessageId = messageId, cancellationToken));
        }

        await publishes.DrainAsync();
        await store.SaveModelsAsync(raw, fingerprints, cancellationToken);
        return new BatchOutcome(isNew, fingerprints.Count - isNew, latest.Count - fingerprints.Count);
    }
}
