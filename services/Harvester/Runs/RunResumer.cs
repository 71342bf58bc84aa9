using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Runs;

/// <summary>
/// At start, resumes the runs a previous process left unfinished (killed or shut down): Hub and leaderboard runs from their
/// checkpoints, upload imports from theirs when the uploaded file is still there whole. A file import that cannot go on
/// is failed with the reason, and files in the uploads folder that no run owns are deleted.
/// </summary>
public sealed class RunResumer(
    IHarvestStore store, RunManager runs, ImportQueue imports, StorageOptions storage, TimeProvider clock, ILogger<RunResumer> logger) : BackgroundService
{
    /// <summary>Runs started after this are this process's own.</summary>
    readonly DateTimeOffset startedAt = clock.GetUtcNow();

    /// <summary>Files written after this are uploads of this process going on, not orphans (file times are the machine's, not the harvest's clock).</summary>
    readonly DateTime filesBefore = DateTime.UtcNow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var owned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in await store.ListRunsAsync(1000, stoppingToken))
        {
            if (run.Status is not (HarvestRun.Queued or HarvestRun.Running or HarvestRun.Interrupted)) continue;
            if (run.Source is RunManager.Hub or RunManager.LeaderboardV2 && run.Options?.Path is null)
            {
                if (runs.IsActive(run.Id)) continue;
                logger.LogInformation("Resuming run {RunId} ({Source}) from {Checkpoint}", run.Id, run.Source, run.Checkpoint ?? "the start");
                runs.Launch(run);
            }
            else if (run.StartedAt < startedAt && await ResumeImportAsync(run, stoppingToken) is { } upload)
            {
                owned.Add(upload);
            }
        }

        DeleteOrphanUploads(owned);
    }

    /// <returns>The upload file the resumed run reads, or null when the run was failed.</returns>
    async Task<string?> ResumeImportAsync(HarvestRun run, CancellationToken cancellationToken)
    {
        var upload = ImportService.UploadPath(storage, run.Id);
        string? failure = null;
        if (run.Options?.Path is not null || !File.Exists(upload))
        {
            // A file on the server is imported again by whoever asked (or by --import at every start); its path is not re-checked here.
            failure = "interrupted: the host stopped during the import, and no uploaded file of the run is left to resume from; import or send the file again";
        }
        else if (await SnapshotImporter.Sha256Async(upload, cancellationToken) != run.ContentSha256)
        {
            failure = "interrupted: the uploaded file is no longer whole (its SHA-256 changed); send it again";
        }

        if (failure is not null)
        {
            logger.LogWarning("Run {RunId} ({Name}) failed: {Reason}", run.Id, run.Name, failure);
            await store.SaveRunAsync(run with { Status = HarvestRun.Failed, Failure = failure, FinishedAt = clock.GetUtcNow() }, cancellationToken);
            return null;
        }

        logger.LogInformation("Resuming upload run {RunId} ({Name}) after line {Line}", run.Id, run.Name, run.Lines);
        await imports.EnqueueAsync(new ImportRequest(run, upload, DeleteAfter: true, default), cancellationToken);
        return Path.GetFullPath(upload);
    }

    void DeleteOrphanUploads(HashSet<string> owned)
    {
        var folder = ImportService.UploadsFolder(storage);
        if (!Directory.Exists(folder)) return;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
        {
            if (owned.Contains(file.FullName) || file.LastWriteTimeUtc >= filesBefore) continue;
            logger.LogInformation("Deleting {File}: an upload no run owns (aborted, or left by a process that was killed)", file.Name);
            file.Delete();
        }
    }
}
