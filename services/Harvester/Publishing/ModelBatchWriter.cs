using System.Collections.Concurrent;
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

/// <summary>A batch whose publishes are under way: finish it to wait for the broker and save what went out.</summary>
public sealed class PendingBatch
{
    internal PendingBatch(object owner, Task publishing, List<ModelEntry> models, BatchOutcome outcome)
    {
        Owner = owner;
        Publishing = publishing;
        Models = models;
        Outcome = outcome;
    }

    /// <summary>Marks the fingerprints this batch put in the in-flight set, so only they are taken out when it ends.</summary>
    internal object Owner { get; }
    internal Task Publishing { get; }
    internal List<ModelEntry> Models { get; }
    internal BatchOutcome Outcome { get; }
}

/// <summary>
/// Publishes the new and changed models of a batch under deterministic message ids, then saves their
/// fingerprints and records: a model counts as published only once the broker confirmed it, so a crash
/// publishes again at most the batches then in flight, under the same ids. Each model goes out in a
/// <see cref="ModelsDiscovered"/> of several (what the services consume) and, unless
/// <see cref="PublishOptions.ModelDiscoveredEvents"/> is off, in a <see cref="ModelDiscovered"/> of its own.
/// </summary>
/// <remarks>
/// A caller may start the next batch before finishing the previous one, so the broker is never left waiting while a batch
/// is saved. Fingerprints of batches started but not yet saved count as known, so a model that appears twice is
/// published once however the batches overlap.
/// </remarks>
public sealed class ModelBatchWriter(IHarvestStore store, IEventPublisher publisher, PublishOptions options, ParentTally? parents = null)
{
    // Each model's latest fingerprint published and not yet saved, with the batch that published it: with more than two
    // batches in flight a model can go A, B, A, and the first batch's end must not drop the third's entry.
    readonly ConcurrentDictionary<string, (string Fingerprint, object Owner)> unsaved = new(StringComparer.Ordinal);

    /// <summary>The id a model's <see cref="ModelDiscovered"/> is published under: its id and fingerprint, never the run that published it.</summary>
    public static Guid MessageId(string id, string fingerprint) => MessageIds.From(nameof(ModelDiscovered), id, fingerprint);

    public Task<BatchOutcome> WriteAsync(IReadOnlyCollection<ModelRecord> records, CancellationToken cancellationToken) =>
        WriteAsync(records, runId: null, cancellationToken);

    /// <summary>Publishes the batch's new and changed models, marked with <paramref name="runId"/>, and saves them.</summary>
    public async Task<BatchOutcome> WriteAsync(IReadOnlyCollection<ModelRecord> records, string? runId, CancellationToken cancellationToken) =>
        await FinishAsync(await StartAsync(records, runId, cancellationToken), cancellationToken);

    public Task<PendingBatch> StartAsync(IReadOnlyCollection<ModelRecord> records, CancellationToken cancellationToken) =>
        StartAsync(records, runId: null, cancellationToken);

    /// <summary>
    /// Checks the batch against the known fingerprints and starts publishing what is new or changed, each event marked with
    /// <paramref name="runId"/> (<see cref="ModelDiscovered.HarvestRunId"/>), which the fingerprint and the message id leave out.
    /// </summary>
    public async Task<PendingBatch> StartAsync(IReadOnlyCollection<ModelRecord> records, string? runId, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, ModelRecord>(StringComparer.Ordinal);
        foreach (var record in records.Where(r => r.IsValid))
        {
            latest[record.Model!.Id] = record;
        }

        parents?.Count(runId, latest.Values.Select(r => r.Model!));

        // In flight first, then the store: a batch leaves the in-flight set only after it is saved, so read in this order
        // a model published by an overlapping batch is always seen in one of the two.
        var inFlight = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in latest.Keys)
        {
            if (unsaved.TryGetValue(id, out var entry)) inFlight[id] = entry.Fingerprint;
        }

        var known = latest.Count == 0 ? new Dictionary<string, string>() : await store.GetModelFingerprintsAsync(latest.Keys, cancellationToken);
        var published = new List<ModelEntry>(latest.Count);
        var events = new List<OutgoingEvent<ModelDiscovered>>(latest.Count);
        var sizes = new List<int>(latest.Count);
        var isNew = 0;
        var owner = new object();
        foreach (var (id, record) in latest)
        {
            var fingerprint = ModelFingerprint.Of(record.Model!);
            var previous = inFlight.GetValueOrDefault(id) ?? known.GetValueOrDefault(id);
            if (previous == fingerprint)
            {
                continue;
            }

            if (previous is null) isNew++;
            published.Add(new ModelEntry(id, fingerprint, record.Utf8));
            unsaved[id] = (fingerprint, owner);
            events.Add(new(MessageId(id, fingerprint), runId is null ? record.Model! : record.Model! with { HarvestRunId = runId }));
            sizes.Add(record.Utf8.Length);
        }

        var publishing = events.Count == 0 ? Task.CompletedTask : PublishAsync(events, sizes, cancellationToken);
        return new PendingBatch(owner, publishing, published, new BatchOutcome(isNew, published.Count - isNew, latest.Count - published.Count));
    }

    Task PublishAsync(List<OutgoingEvent<ModelDiscovered>> events, List<int> sizes, CancellationToken cancellationToken) =>
        PublishAsync(publisher, options, events, sizes, cancellationToken);

    /// <summary>
    /// The batch events (what the services consume), and the per-model ones unless turned off; started at once, so both are on
    /// their way together. <paramref name="sizes"/> are the models' source records in bytes.
    /// </summary>
    public static Task PublishAsync(IEventPublisher publisher, PublishOptions options, IReadOnlyList<OutgoingEvent<ModelDiscovered>> events,
        IReadOnlyList<int> sizes, CancellationToken cancellationToken)
    {
        var batches = publisher.PublishAsync(BatchEvents(events, sizes, options), cancellationToken);
        return options.ModelDiscoveredEvents ? Task.WhenAll(batches, publisher.PublishAsync(events, cancellationToken)) : batches;
    }

    /// <summary>
    /// The models cut into <see cref="ModelsDiscovered"/> of at most <see cref="PublishOptions.ModelsPerBatchEvent"/> models and
    /// <see cref="PublishOptions.ModelsPerBatchEventBytes"/> bytes of source records (<paramref name="sizes"/>), in order; each
    /// message's id is derived from its models' message ids, so the same batch published again has the same id.
    /// </summary>
    public static List<OutgoingEvent<ModelsDiscovered>> BatchEvents(IReadOnlyList<OutgoingEvent<ModelDiscovered>> events, IReadOnlyList<int> sizes, PublishOptions options)
    {
        var batches = new List<OutgoingEvent<ModelsDiscovered>>(events.Count / options.ModelsPerBatchEvent + 1);
        var models = new List<DiscoveredModel>();
        long bytes = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (models.Count > 0 && (models.Count == options.ModelsPerBatchEvent || bytes + sizes[i] > options.ModelsPerBatchEventBytes))
            {
                batches.Add(Batch(models));
                models = [];
                bytes = 0;
            }

            models.Add(new DiscoveredModel(events[i].MessageId, events[i].Message));
            bytes += sizes[i];
        }

        if (models.Count > 0) batches.Add(Batch(models));
        return batches;

        static OutgoingEvent<ModelsDiscovered> Batch(List<DiscoveredModel> models) =>
            new(MessageIds.From([nameof(ModelsDiscovered), .. models.Select(m => m.MessageId.ToString())]), new ModelsDiscovered { Models = models });
    }

    /// <summary>Waits for the broker's confirms of the batch, then saves its records and fingerprints.</summary>
    public async Task<BatchOutcome> FinishAsync(PendingBatch batch, CancellationToken cancellationToken)
    {
        var outcome = await ConfirmAsync(batch);
        await SaveAsync([batch], cancellationToken);
        return outcome;
    }

    /// <summary>Waits for the broker's confirms of the batch; a refusal forgets it, so it is published again next time.</summary>
    public async Task<BatchOutcome> ConfirmAsync(PendingBatch batch)
    {
        try
        {
            await batch.Publishing;
            return batch.Outcome;
        }
        catch
        {
            Forget(batch);
            throw;
        }
    }

    /// <summary>
    /// Saves the records and fingerprints of confirmed batches, given oldest first, in one call to the store (one transaction
    /// on SQLite), then forgets them. Whether it succeeds or fails, they are no longer in flight.
    /// </summary>
    public async Task SaveAsync(IReadOnlyList<PendingBatch> batches, CancellationToken cancellationToken)
    {
        try
        {
            var models = batches.Count == 1 ? batches[0].Models : LastOfEach(batches.SelectMany(b => b.Models));
            if (models.Count > 0)
            {
                await store.SaveModelsAsync(models, cancellationToken);
            }
        }
        finally
        {
            foreach (var batch in batches) Forget(batch);
        }
    }

    /// <summary>A model in several batches of one save keeps its latest version: a store need not apply one call's writes in order.</summary>
    static List<ModelEntry> LastOfEach(IEnumerable<ModelEntry> entries)
    {
        var last = new Dictionary<string, ModelEntry>(StringComparer.Ordinal);
        foreach (var entry in entries) last[entry.Id] = entry;
        return [.. last.Values];
    }

    /// <summary>
    /// Drops a batch that will not be saved (its run failed): waits for its publishes so none is left unobserved, and
    /// forgets it, so it is published again next time.
    /// </summary>
    public async Task AbandonAsync(PendingBatch? batch)
    {
        if (batch is null) return;
        try
        {
            await batch.Publishing;
        }
        catch (Exception)
        {
            // the run already failed for its own reason
        }
        finally
        {
            Forget(batch);
        }
    }

    void Forget(PendingBatch batch)
    {
        foreach (var model in batch.Models)
        {
            unsaved.TryRemove(new KeyValuePair<string, (string, object)>(model.Id, (model.Fingerprint, batch.Owner)));
        }
    }
}
