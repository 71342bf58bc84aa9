using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Runs;

/// <summary>At start, resumes the Hub and leaderboard runs a previous process left unfinished (killed or shut down), from their checkpoints.</summary>
public sealed class RunResumer(IHarvestStore store, RunManager runs, ILogger<RunResumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var run in await store.ListRunsAsync(1000, stoppingToken))
        {
            if (run.Source is RunManager.Hub or RunManager.LeaderboardV2 && run.Options?.Path is null &&
                run.Status is HarvestRun.Queued or HarvestRun.Running or HarvestRun.Interrupted && !runs.IsActive(run.Id))
            {
                logger.LogInformation("Resuming run {RunId} ({Source}) from {Checkpoint}", run.Id, run.Source, run.Checkpoint ?? "the start");
                runs.Launch(run);
            }
        }
    }
}
