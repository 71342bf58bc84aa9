using System.Diagnostics;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Benchmarks;

/// <summary>
/// The CPU each step of an import costs a model, measured apart on one thread (`parts` mode): where the import's own
/// microseconds go, next to what the broker's client and the broker spend.
/// </summary>
public static class Parts
{
    public static async Task RunAsync(string snapshot, string folder, Uri source, Uri destination)
    {
        var models = new List<ModelRecord>();
        await foreach (var record in SnapshotFileReader.ReadAsync(snapshot, SnapshotFormat.Jsonl, "synthetic", CancellationToken.None))
        {
            if (record.Model is { IsValid: true } model) models.Add(model);
        }

        var ids = models.Select(m => MessageIds.From(nameof(ModelDiscovered), m.Model!.Id, ModelFingerprint.Of(m.Model))).ToArray();
        var entries = models.Select(m => new ModelEntry(m.Model!.Id, ModelFingerprint.Of(m.Model), m.Utf8)).ToArray();
        var store = new SqliteHarvestStore(new SqliteDatabase(Path.Combine(folder, "parts.db"), SqliteHarvestStore.PageSize));

        await StepAsync("read, parse and map a line", models.Count, async () =>
        {
            await foreach (var _ in SnapshotFileReader.ReadAsync(snapshot, SnapshotFormat.Jsonl, "synthetic", CancellationToken.None))
            {
            }
        });
        await StepAsync("fingerprint and message id", models.Count, () =>
        {
            foreach (var m in models) MessageIds.From(nameof(ModelDiscovered), m.Model!.Id, ModelFingerprint.Of(m.Model));
            return Task.CompletedTask;
        });
        await StepAsync("envelope, MassTransit's serializer", models.Count, () =>
        {
            for (var i = 0; i < models.Count; i++) MassTransitEnvelope.SerializeWithMassTransit(ids[i], ids[i], DateTime.UtcNow, models[i].Model!, source, destination);
            return Task.CompletedTask;
        });
        await StepAsync("envelope, as the direct publisher writes it", models.Count, () =>
        {
            for (var i = 0; i < models.Count; i++) MassTransitEnvelope.Serialize(ids[i], models[i].Model!, source, destination);
            return Task.CompletedTask;
        });
        await StepAsync("fingerprint lookup, batches of 500, empty store", models.Count, () => ForBatchesAsync(entries, b => store.GetModelFingerprintsAsync(b.Select(e => e.Id).ToList(), default)));
        await StepAsync("SQLite row, batches of 500", models.Count, () => ForBatchesAsync(entries, b => store.SaveModelsAsync(b, default)));
        await StepAsync("fingerprint lookup, batches of 500, all found", models.Count, () => ForBatchesAsync(entries, b => store.GetModelFingerprintsAsync(b.Select(e => e.Id).ToList(), default)));
    }

    static async Task ForBatchesAsync(ModelEntry[] entries, Func<ModelEntry[], Task> action)
    {
        foreach (var batch in entries.Chunk(500)) await action(batch);
    }

    static async Task StepAsync(string name, int count, Func<Task> step)
    {
        var measure = await Measure.TimeAsync(step);
        Console.WriteLine($"{name,-50} {measure.OwnCpuSeconds / count * 1e6,6:F1} µs CPU a model ({measure.Seconds / count * 1e6:F1} µs wall)");
    }
}
