using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// Publishes leaderboard results that are new or changed: one event per model, leaderboard version, revision
/// and precision (the contract's key), its id derived from the key and the scores, so a re-import publishes nothing.
/// </summary>
public sealed class BenchmarkBatchWriter(IHarvestStore store, IEventPublisher publisher)
{
    public static string Key(BenchmarkUpdated b) => $"benchmark:{b.LeaderboardVersion}|{b.ModelId}|{b.Revision}|{b.Precision}";

    public static Guid MessageId(BenchmarkUpdated b) => MessageIds.From(nameof(BenchmarkUpdated), Key(b), Fingerprint(b));

    static string Fingerprint(BenchmarkUpdated b) => MessageIds.From(JsonSerializer.Serialize(b, WithoutRunId)).ToString("N");

    /// <summary>
    /// The JSON the fingerprint was always taken of: <see cref="BenchmarkUpdated.HarvestRunId"/> left out, so the same result
    /// published by another run (or before the field was added) has the same fingerprint and is not published again.
    /// </summary>
    static readonly JsonSerializerOptions WithoutRunId = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type != typeof(BenchmarkUpdated)) return;
                    var runId = info.Properties.Single(p => p.Name == nameof(BenchmarkUpdated.HarvestRunId));
                    info.Properties.Remove(runId);
                },
            },
        },
    };

    public Task<int> WriteAsync(IEnumerable<BenchmarkUpdated> benchmarks, CancellationToken cancellationToken) =>
        WriteAsync(benchmarks, runId: null, cancellationToken);

    /// <summary>Publishes the results, each marked with <paramref name="runId"/> (<see cref="BenchmarkUpdated.HarvestRunId"/>).</summary>
    /// <returns>How many were published.</returns>
    public async Task<int> WriteAsync(IEnumerable<BenchmarkUpdated> benchmarks, string? runId, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, BenchmarkUpdated>(StringComparer.Ordinal);
        foreach (var b in benchmarks) latest[Key(b)] = b;
        if (latest.Count == 0) return 0;

        var known = await store.GetFingerprintsAsync(latest.Keys, cancellationToken);
        var changed = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new List<OutgoingEvent<BenchmarkUpdated>>(latest.Count);
        foreach (var (key, benchmark) in latest)
        {
            var fingerprint = Fingerprint(benchmark);
            if (known.TryGetValue(key, out var previous) && previous == fingerprint) continue;
            changed[key] = fingerprint;
            events.Add(new(MessageIds.From(nameof(BenchmarkUpdated), key, fingerprint), runId is null ? benchmark : benchmark with { HarvestRunId = runId }));
        }

        await publisher.PublishAsync(events, cancellationToken);
        await store.SaveFingerprintsAsync(changed, cancellationToken);
        return changed.Count;
    }
}
