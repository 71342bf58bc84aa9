using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Storage;

/// <summary>The harvester's own data: fingerprints, raw model records, runs and the quarantine.</summary>
public interface IHarvestStore : IServiceStore
{
    /// <summary>Fingerprints of those of the model <paramref name="ids"/> that were published before.</summary>
    Task<IReadOnlyDictionary<string, string>> GetModelFingerprintsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Published models, each with its fingerprint and record, saved or replaced together.</summary>
    Task SaveModelsAsync(IReadOnlyCollection<ModelEntry> models, CancellationToken cancellationToken);

    /// <summary>Fingerprints of those of the other published keys (leaderboard results) that were published before.</summary>
    Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    Task SaveFingerprintsAsync(IReadOnlyDictionary<string, string> fingerprints, CancellationToken cancellationToken);

    /// <summary>Every saved model record, in ordinal id order.</summary>
    IAsyncEnumerable<string> ReadRecordsAsync(CancellationToken cancellationToken);

    /// <summary>The saved records (model-info JSON, UTF-8) of those of the model <paramref name="ids"/> that were published before.</summary>
    Task<IReadOnlyDictionary<string, string>> GetModelRecordsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>The <c>config.json</c> outcomes kept for those of the <see cref="ConfigFileEntry.Key"/>s (<c>id@revision</c>) fetched before.</summary>
    Task<IReadOnlyDictionary<string, ConfigFileEntry>> GetConfigFilesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Keeps (or replaces) the outcome of one repo@revision.</summary>
    Task SaveConfigFileAsync(ConfigFileEntry entry, CancellationToken cancellationToken);

    /// <summary>How many model records are saved: what <see cref="ReadRecordsAsync"/> would read now.</summary>
    Task<long> CountModelsAsync(CancellationToken cancellationToken);

    Task SaveRunAsync(HarvestRun run, CancellationToken cancellationToken);

    /// <summary>Saves a new run; false, and nothing changed, when a run of that id is there already (a scheduled tick another harvester claimed).</summary>
    Task<bool> AddRunAsync(HarvestRun run, CancellationToken cancellationToken);

    Task<HarvestRun?> GetRunAsync(string id, CancellationToken cancellationToken);

    /// <summary>Most recent first.</summary>
    Task<IReadOnlyList<HarvestRun>> ListRunsAsync(int limit, CancellationToken cancellationToken);

    Task<bool> HasCompletedImportAsync(string contentSha256, CancellationToken cancellationToken);

    /// <summary>Adds records; one already there (same id) is kept as it was.</summary>
    Task QuarantineAsync(IReadOnlyCollection<QuarantinedRecord> records, CancellationToken cancellationToken);

    /// <summary>Newest first; only those of <paramref name="runId"/> when given.</summary>
    Task<IReadOnlyList<QuarantinedRecord>> ListQuarantineAsync(string? runId, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a consumer process's report on a run, one per run, queue and instance: a report with a lower count than the one
    /// kept (late, or repeated) changes nothing.
    /// </summary>
    Task SaveRunProgressAsync(OpenAccess.Contracts.HarvestRunProgress progress, CancellationToken cancellationToken);

    /// <summary>The reports kept for the runs, every instance of every queue.</summary>
    Task<IReadOnlyList<OpenAccess.Contracts.HarvestRunProgress>> GetRunProgressAsync(IReadOnlyCollection<string> runIds, CancellationToken cancellationToken);
}

/// <summary>A published model: its id, the fingerprint of what was published, and its record (the model-info JSON line as received, in UTF-8).</summary>
public sealed record ModelEntry(string Id, string Fingerprint, byte[] Record);
