using System.Diagnostics;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Importing;

/// <summary>Creates import runs for files and uploads and queues them.</summary>
public sealed class ImportService(ImportQueue queue, IHarvestStore store, StorageOptions storage, TimeProvider clock)
{
    /// <summary>Queues a file on this machine (any supported layout, told by its content). With <paramref name="onlyOnce"/>, a file whose content was imported completely before is skipped (null).</summary>
    public async Task<HarvestRun?> ImportFileAsync(string path, bool onlyOnce, CancellationToken cancellationToken, string source = "snapshot", RunOptions? options = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"snapshot file '{path}' does not exist", path);
        }

        var sha = await SnapshotImporter.Sha256Async(path, cancellationToken);
        if (onlyOnce && await store.HasCompletedImportAsync(sha, cancellationToken))
        {
            return null;
        }

        return await QueueAsync(Path.GetFileName(path), sha, path, deleteAfter: false, cancellationToken, source, options);
    }

    /// <summary>Copies an uploaded snapshot to a temporary file under the data directory, then queues it.</summary>
    public async Task<HarvestRun> ImportUploadAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(storage.DataDirectory, "uploads");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.snapshot");
        await using (var file = File.Create(path))
        {
            await body.CopyToAsync(file, cancellationToken);
        }

        return await QueueAsync(name, await SnapshotImporter.Sha256Async(path, cancellationToken), path, deleteAfter: true, cancellationToken);
    }

    async Task<HarvestRun> QueueAsync(string name, string sha, string path, bool deleteAfter, CancellationToken cancellationToken, string source = "snapshot", RunOptions? options = null)
    {
        var now = clock.GetUtcNow();
        var run = new HarvestRun
        {
            Id = $"{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}",
            Source = source,
            Options = options,
            Name = name,
            ContentSha256 = sha,
            StartedAt = now,
            Status = HarvestRun.Queued,
        };
        await store.SaveRunAsync(run, cancellationToken);
        await queue.EnqueueAsync(new ImportRequest(run, path, deleteAfter, Activity.Current?.Context ?? default), cancellationToken);
        return run;
    }
}
