using System.Collections.Concurrent;
using OpenAccess.Harvester.Hub;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Leaderboards;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Runs;

/// <summary>
/// Starts runs of every source, cancels them, logs the progress of those going on at a steady interval, and
/// tells a cancelled run (<c>cancelled</c>) from one stopped by the host shutting down (<c>interrupted</c>, resumed at the next start).
/// </summary>
/// <remarks>
/// A hosted service only to stop: the host disposes the store and the Hub's HTTP pipeline after the hosted services have
/// stopped, so the runs it cancels must have ended by then. Otherwise a run records <c>interrupted</c> into a disposed store,
/// and the pipeline's disposal waits on a request still in flight (on the harvest's clock, which in tests is a fake one).
/// </remarks>
public sealed class RunManager(
    HubHarvester hub, LeaderboardRowsHarvester leaderboard, ImportService imports, ImportFolder importFolder, IHarvestStore store, HubOptions options,
    ConfigFileHarvester configFiles, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<RunManager> logger) : IHostedService
{
    public const string Hub = "hub", LeaderboardV1 = "leaderboard-v1", LeaderboardV2 = "leaderboard-v2", Snapshot = "snapshot";
    public static readonly string[] Sources = [Hub, LeaderboardV1, LeaderboardV2, Snapshot];

    readonly ConcurrentDictionary<string, ActiveRun> active = new(StringComparer.Ordinal);

    sealed class ActiveRun(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;
        public HarvestRun? Latest { get; set; }
        public Task? Task { get; set; }
    }

    /// <exception cref="ArgumentException">An unknown source, a file source without a path, or a path the import folder refuses.</exception>
    public async Task<HarvestRun> StartAsync(string? source, RunOptions? runOptions, CancellationToken cancellationToken)
    {
        runOptions ??= new RunOptions();
        if (runOptions.Path is { } path)
        {
            if (source is not (Snapshot or LeaderboardV1 or LeaderboardV2))
            {
                throw new ArgumentException($"source '{source}' does not read files; use one of {Snapshot}, {LeaderboardV1}, {LeaderboardV2} with a path");
            }

            // Only a file the import folder allows is opened at all: nothing of any other is read, hashed or told.
            var file = importFolder.Resolve(path);
            try
            {
                return (await imports.ImportFileAsync(file, onlyOnce: false, cancellationToken, source, runOptions))!;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"options.path '{path}' cannot be read by the harvester (its permissions, or it went away)", e);
            }
        }

        if (source is Snapshot or LeaderboardV1)
        {
            throw new ArgumentException($"source '{source}' needs options.path: a file in the import folder ({ImportFolder.Setting})");
        }

        if (source is not (Hub or LeaderboardV2))
        {
            throw new ArgumentException($"source must be one of {string.Join(", ", Sources)}");
        }

        var run = NewRun(source, runOptions, id: null, HarvestRun.ByRequest);
        await store.SaveRunAsync(run, cancellationToken);
        Launch(run);
        return run;
    }

    /// <summary>
    /// Starts the run of a scheduled tick as <see cref="StartAsync"/> starts a Hub or leaderboard run, under the tick's own id:
    /// null, and nothing started, when a run of that id exists (another harvester claimed the tick, or this one before a restart).
    /// </summary>
    public async Task<HarvestRun?> StartScheduledAsync(ScheduledSource schedule, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        var run = NewRun(schedule.Source, schedule.Options, schedule.RunId(tick), HarvestRun.BySchedule);
        if (!await store.AddRunAsync(run, cancellationToken)) return null;
        Launch(run);
        return run;
    }

    HarvestRun NewRun(string source, RunOptions runOptions, string? id, string trigger)
    {
        var now = clock.GetUtcNow();
        return new HarvestRun
        {
            Id = id ?? $"{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}",
            Source = source,
            Name = source == Hub ? "huggingface.co/api/models" : LeaderboardRowsHarvester.Dataset,
            StartedAt = now,
            Status = HarvestRun.Queued,
            Options = runOptions,
            Trigger = trigger,
        };
    }

    /// <summary>Runs (or resumes) a Hub or leaderboard-rows run in the background.</summary>
    public void Launch(HarvestRun run)
    {
        var entry = new ActiveRun(CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping)) { Latest = run };
        if (!active.TryAdd(run.Id, entry))
        {
            return;
        }

        entry.Task = Task.Run(async () =>
        {
            using var logging = new CancellationTokenSource();
            var progressLog = LogProgressAsync(entry, logging.Token);
            try
            {
                void Progress(HarvestRun r) => entry.Latest = r;
                entry.Latest = run.Source == Hub
                    ? await hub.RunAsync(run, Progress, entry.Cancel.Token)
                    : await leaderboard.RunAsync(run, Progress, entry.Cancel.Token);
            }
            catch (OperationCanceledException) when (entry.Cancel.IsCancellationRequested)
            {
                await MarkStoppedAsync(run.Id, lifetime.ApplicationStopping.IsCancellationRequested ? HarvestRun.Interrupted : HarvestRun.Cancelled);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Run {RunId} failed", run.Id);
                await MarkStoppedAsync(run.Id, HarvestRun.Failed, e.Message);
            }
            finally
            {
                await logging.CancelAsync();
                await progressLog;
                configFiles.RunEnded(run.Id);
                active.TryRemove(run.Id, out _);
                entry.Cancel.Dispose();
            }
        });
    }

    /// <returns>False when no such run is going on.</returns>
    public async Task<bool> CancelAsync(string id)
    {
        if (!active.TryGetValue(id, out var entry)) return false;
        await entry.Cancel.CancelAsync();
        if (entry.Task is { } task) await task.ContinueWith(_ => { }, TaskScheduler.Default);
        return true;
    }

    public bool IsActive(string id) => active.ContainsKey(id);

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits for the runs going on, cancelled as the host began to stop, to have recorded themselves; no longer than the host's shutdown timeout.</summary>
    async Task IHostedService.StopAsync(CancellationToken cancellationToken)
    {
        var going = active.Values.Select(e => e.Task).OfType<Task>().ToList();
        if (going.Count == 0) return;
        await Task.WhenAll(going).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!active.IsEmpty)
        {
            logger.LogWarning("The host stopped before runs {RunIds} had recorded themselves interrupted; they are resumed at the next start",
                string.Join(", ", active.Keys));
        }
    }

    async Task MarkStoppedAsync(string id, string status, string? failure = null)
    {
        if (await store.GetRunAsync(id, CancellationToken.None) is { } latest)
        {
            await store.SaveRunAsync(latest with { Status = status, Failure = failure ?? (status == HarvestRun.Cancelled ? "cancelled" : null), FinishedAt = clock.GetUtcNow() }, CancellationToken.None);
        }

        logger.LogInformation("Run {RunId} {Status}", id, status);
    }

    async Task LogProgressAsync(ActiveRun entry, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.ProgressLogInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (entry.Latest is not { } r) continue;
                logger.LogInformation(
                    "Run {RunId} ({Source}): {Pages} pages, {Seen} models, {Rows} rows, {New} new, {Changed} changed, {Quarantined} quarantined, {Benchmarks} benchmark results, {Requests} requests, {Waits} 429s waited, {Rate:F1} records/s, ETA {Eta}",
                    r.Id, r.Source, r.Pages, r.ModelsSeen, r.Lines, r.New, r.Changed, r.Rejected, r.BenchmarksPublished, r.Requests, r.RateLimitWaits,
                    r.RecordsPerSecond ?? 0, r.EtaSeconds is { } eta ? TimeSpan.FromSeconds(Math.Round(eta)).ToString() : "unknown");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
