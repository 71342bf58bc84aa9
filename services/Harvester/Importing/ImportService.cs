using System.Diagnostics;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Importing;

/// <summary>Creates import runs for files and uploads and queues them.</summary>
public sealed class ImportService(ImportQueue queue, IHarvestStore store, StorageOptions storage, TimeProvider clock)
{
    /// <summary>Queues a file on this machine (any supported layout, told by its content). With <paramref name="onlyOnce"/>, a file whose content was imported completely before is skipped (null).</summary>
    public async Task<HarvestRun?> ImportFileAsync(string path, bool onlyOnce, CancellationToken cancellationToken, string source = "snapshot", RunOptions? options = null,
        string trigger = HarvestRun.ByRequest)
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

        return await QueueAsync(NewRun(Path.GetFileName(path), source, options, trigger) with { ContentSha256 = sha }, path, deleteAfter: false, cancellationToken);
    }

    /// <summary>The folder uploads are copied to; each file is named after its run (<see cref="UploadPath"/>).</summary>
    public static string UploadsFolder(StorageOptions storage) => Path.Combine(storage.DataDirectory, "uploads");

    public static string UploadPath(StorageOptions storage, string runId) => Path.Combine(UploadsFolder(storage), $"{runId}.snapshot");

    /// <summary>
    /// Copies an uploaded snapshot to a file under the data directory named after its run, then queues it. An upload that
    /// does not arrive whole (the client aborts, the connection drops) leaves no file behind.
    /// </summary>
    public async Task<HarvestRun> ImportUploadAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(UploadsFolder(storage));
        var run = NewRun(name, "snapshot", options: null, HarvestRun.ByRequest);
        var path = UploadPath(storage, run.Id);
        try
        {
            await using (var file = File.Create(path))
            {
                await body.CopyToAsync(file, cancellationToken);
            }

            return await QueueAsync(run with { ContentSha256 = await SnapshotImporter.Sha256Async(path, cancellationToken) }, path, deleteAfter: true, cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    HarvestRun NewRun(string name, string source, RunOptions? options, string trigger)
    {
        var now = clock.GetUtcNow();
        return new HarvestRun
        {
            Id = $"{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}",
            Source = source,
            Options = options,
            Name = name,
            StartedAt = now,
            Status = HarvestRun.Queued,
            Trigger = trigger,
        };
    }

    async Task<HarvestRun> QueueAsync(HarvestRun run, string path, bool deleteAfter, CancellationToken cancellationToken)
    {
        await store.SaveRunAsync(run, cancellationToken);
        await queue.EnqueueAsync(new ImportRequest(run, path, deleteAfter, Activity.Current?.Context ?? default), cancellationToken);
        return run;
    }
}
