using System.Text.Json;
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

    static string Fingerprint(BenchmarkUpdated b) => MessageIds.From(JsonSerializer.Serialize(b)).ToString("N");

    /// <returns>How many were published.</returns>
    public async Task<int> WriteAsync(IEnumerable<BenchmarkUpdated> benchmarks, CancellationToken cancellationToken)
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
            events.Add(new(MessageIds.From(nameof(BenchmarkUpdated), key, fingerprint), benchmark));
        }

        await publisher.PublishAsync(events, cancellationToken);
        await store.SaveFingerprintsAsync(changed, cancellationToken);
        return changed.Count;
    }
}
