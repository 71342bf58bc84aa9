using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Storage;

/// <summary>The harvester's own data: the fingerprint each model was last published at, and the runs.</summary>
public interface IHarvestStore : IServiceStore
{
    /// <summary>Fingerprints of those of <paramref name="ids"/> that were published before.</summary>
    Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    Task SaveFingerprintsAsync(IReadOnlyDictionary<string, string> fingerprints, CancellationToken cancellationToken);

    Task SaveRunAsync(HarvestRun run, CancellationToken cancellationToken);

    Task<HarvestRun?> GetRunAsync(string id, CancellationToken cancellationToken);

    /// <summary>Most recent first.</summary>
    Task<IReadOnlyList<HarvestRun>> ListRunsAsync(int limit, CancellationToken cancellationToken);

    Task<bool> HasCompletedImportAsync(string contentSha256, CancellationToken cancellationToken);
}
