using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Runs;

/// <summary>
/// Starts the runs <c>OpenAccess:Harvester:Schedule</c> names when their cron expressions (UTC) come round, through
/// <see cref="RunManager"/> as an admin's <c>POST /runs</c> does. One run of a source at a time: a tick while a run of the
/// source is going on (in this harvester or another, or left to be resumed) is skipped and logged with that run. A tick
/// missed while no harvester ran is run once at start, if the source was scheduled before; each tick's run carries the
/// tick's id, so neither a restart nor a second replica starts it twice.
/// </summary>
public sealed class RunScheduler(
    IReadOnlyList<ScheduledSource> schedule, RunManager runs, IHarvestStore store, TimeProvider clock, ILogger<RunScheduler> logger) : BackgroundService
{
    /// <summary>A cron expression's finest step: ticks are noticed within this of their time.</summary>
    public static readonly TimeSpan LookEvery = TimeSpan.FromMinutes(1);

    /// <summary>Runs looked through for one going on, or one scheduled before (as many as the resumer looks through at start).</summary>
    const int RunsLookedAt = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Ticks after this are the loop's; those before it, the catch-up's. The timer keeps a tick it fires while a look is under way.
        using var timer = new PeriodicTimer(LookEvery, clock);
        var lookedUntil = clock.GetUtcNow();
        try
        {
            foreach (var source in schedule)
            {
                logger.LogInformation("Runs of {Source} scheduled by {Key} = '{Expression}' (UTC); next at {Next:u}",
                    source.Source, source.Key, source.Cron, source.NextAfter(lookedUntil));
            }

            await CatchUpAsync(lookedUntil, stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = clock.GetUtcNow();
                foreach (var source in schedule)
                {
                    // Ticks passed since the last look (the machine slept, the store was slow) are one run, not a burst of them.
                    if (source.LastAtOrBefore(now) is { } tick && tick > lookedUntil)
                    {
                        await TickAsync(source, tick, stoppingToken);
                    }
                }

                lookedUntil = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The latest tick before this start, when it has no run and the source ran on the schedule before: the harvester was down then.</summary>
    async Task CatchUpAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var source in schedule)
        {
            if (source.LastAtOrBefore(now) is not { } tick) continue;
            try
            {
                if (await store.GetRunAsync(source.RunId(tick), cancellationToken) is not null) continue;
                var scheduledBefore = (await store.ListRunsAsync(RunsLookedAt, cancellationToken))
                    .Any(r => r.Source == source.Source && r.Trigger == HarvestRun.BySchedule);
                if (!scheduledBefore) continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not tell whether the {Source} tick of {Tick:u} was missed; it is not run now", source.Source, tick);
                continue;
            }

            logger.LogInformation("The {Source} tick of {Tick:u} passed while no harvester ran; running it once now", source.Source, tick);
            await TickAsync(source, tick, cancellationToken);
        }
    }

    async Task TickAsync(ScheduledSource source, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        try
        {
            var going = await GoingOnAsync(source.Source, cancellationToken);
            // The run going on may be this very tick's, which another harvester claimed first: that is not a skip.
            if (going is not null && going.Id != source.RunId(tick))
            {
                logger.LogWarning(
                    "Scheduled {Source} run of {Tick:u} skipped: run {RunId} of {Source} ({Status}, started {StartedAt:u}) is still going on",
                    source.Source, tick, going.Id, going.Source, going.Status, going.StartedAt);
                return;
            }

            if (going is null && await runs.StartScheduledAsync(source, tick, cancellationToken) is { } run)
            {
                logger.LogInformation("Scheduled {Source} run of {Tick:u} started: run {RunId}", source.Source, tick, run.Id);
            }
            else
            {
                logger.LogInformation("Scheduled {Source} run of {Tick:u} was started already (run {RunId}), by another harvester or before a restart",
                    source.Source, tick, source.RunId(tick));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One failed tick (the store unreachable) must not end the schedule: the next tick tries again.
            logger.LogError(e, "Scheduled {Source} run of {Tick:u} could not be started", source.Source, tick);
        }
    }

    /// <summary>
    /// A run of the source going on, as the store has it: of this harvester or another (a run is saved queued before it is
    /// launched), or one this start resumes (<see cref="RunResumer"/>).
    /// </summary>
    async Task<HarvestRun?> GoingOnAsync(string source, CancellationToken cancellationToken) =>
        (await store.ListRunsAsync(RunsLookedAt, cancellationToken)).FirstOrDefault(r => r.Source == source && (
            r.Status is HarvestRun.Queued or HarvestRun.Running || r.Status == HarvestRun.Interrupted && r.Options?.Path is null));
}
