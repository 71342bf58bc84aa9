using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Runs;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Runs;

/// <summary>
/// Runs the harvester starts by itself (<c>OpenAccess:Harvester:Schedule</c>), the whole service on a fake clock: the
/// clock is moved by hand, and everything else (the Hub, the store, the bus) is as in the other tests.
/// </summary>
public sealed class RunSchedulerTests : IDisposable
{
    const string EverySixHours = "0 */6 * * *";
    /// <summary>A Monday, ten minutes before a tick of <see cref="EverySixHours"/>.</summary>
    static readonly DateTimeOffset Start = new(2026, 1, 5, 5, 50, 0, TimeSpan.Zero);

    readonly string folder = Directory.CreateTempSubdirectory("openaccess-scheduler-").FullName;
    readonly FakeTimeProvider clock = new(Start);
    readonly ConcurrentQueue<string> logs = new();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>
    /// One page of real models, no detail fetches: a run is one request. The Hub's time limits are set long, so that moving
    /// the fake clock by hours does not time out a request the Hub is holding (its limits run on the same clock).
    /// </summary>
    static Task<FakeHub> HubAsync() => FakeHub.StartAsync([RealModels.FromSeed(4)]);

    /// <summary>Starts the harvester and waits for its scheduler to have read the clock: a tick the clock passes after this is its own.</summary>
    async Task<HarvesterApp> StartAsync(FakeHub hub, params (string Key, string Value)[] settings)
    {
        var started = logs.Count(l => l.Contains("scheduled by", StringComparison.Ordinal));
        var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), hub.Server.Address, builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
                builder.Services.AddSingleton<ILoggerProvider>(new LogLines(logs));
                builder.Logging.AddFilter(typeof(RunScheduler).FullName, LogLevel.Information);
            },
            [("OpenAccess:Harvester:Hub:FetchDetails", "false"), ("OpenAccess:Harvester:Hub:AttemptTimeout", "03:00:00"), .. settings]);
        var sources = settings.Count(s => s.Key.StartsWith("OpenAccess:Harvester:Schedule:", StringComparison.Ordinal));
        await Eventually.Get(() => Task.FromResult(logs.Count(l => l.Contains("scheduled by", StringComparison.Ordinal))), n => n == started + sources, "the scheduler to start");
        return app;
    }

    void AdvanceTo(DateTimeOffset time) => clock.Advance(time - clock.GetUtcNow());

    static async Task<List<HarvestRun>> RunsAsync(HarvesterApp app) => (await app.Http.GetFromJsonAsync<List<HarvestRun>>("/runs"))!;

    /// <summary>Waits for the runs to be these and ended, moving the clock a second at a look, as time would pass (the Hub's pacing waits on it).</summary>
    async Task<List<HarvestRun>> EndedAsync(HarvesterApp app, params string[] ids) =>
        await Eventually.Get(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return await RunsAsync(app);
        }, runs => runs.Select(r => r.Id).Order().SequenceEqual(ids.Order()) && runs.All(r => r.Status is not (HarvestRun.Queued or HarvestRun.Running)),
            $"the runs {string.Join(", ", ids)} and no others, ended");

    [Fact]
    public async Task A_tick_starts_an_incremental_Hub_run_and_a_leaderboard_run_that_say_the_schedule_started_them()
    {
        var hub = await HubAsync();
        await using var server = hub.Server;
        var datasets = await FakeDatasetsServer.StartAsync(RealModels.Fixture("leaderboard", "v2-rows", "contents-rows-0-249.json"));
        await using var rows = datasets.Server;
        await using var app = await StartAsync(hub,
            ("OpenAccess:Harvester:Schedule:Hub", EverySixHours), ("OpenAccess:Harvester:Schedule:LeaderboardV2", "0 6 * * *"),
            ("OpenAccess:Harvester:Hub:DatasetsServerAddress", datasets.Server.Address.ToString()));

        // Started after the 00:00 tick, with no run of the schedule before it: nothing runs until the next tick.
        AdvanceTo(Start.AddMinutes(9));
        await Task.Delay(500);
        Assert.Empty(await RunsAsync(app));
        Assert.Empty(server.Requests);

        AdvanceTo(Start.AddMinutes(10));
        var runs = await EndedAsync(app, "20260105060000-schedule-hub", "20260105060000-schedule-leaderboard-v2");

        var hubRun = runs.Single(r => r.Source == RunManager.Hub);
        Assert.Equal((HarvestRun.Completed, HarvestRun.BySchedule, true, 4), (hubRun.Status, hubRun.Trigger, hubRun.Options!.Incremental, hubRun.New));
        Assert.Equal(Start.AddMinutes(10), hubRun.StartedAt);
        Assert.Contains("sort=lastModified", Assert.Single(server.Requests).PathAndQuery); // incremental: newest first
        var leaderboard = runs.Single(r => r.Source == RunManager.LeaderboardV2);
        Assert.Equal((HarvestRun.Completed, HarvestRun.BySchedule, 250), (leaderboard.Status, leaderboard.Trigger, leaderboard.Lines));
        Assert.Equal(4, app.Of<ModelDiscovered>().Count);
        Assert.NotEmpty(app.Of<BenchmarkUpdated>());

        // A run asked for says so too.
        var asked = (await (await app.Http.PostAsJsonAsync("/runs", new { source = "hub" })).Content.ReadFromJsonAsync<HarvestRun>())!;
        Assert.Equal(HarvestRun.ByRequest, asked.Trigger);
    }

    [Fact]
    public async Task A_tick_while_a_run_of_the_source_goes_on_is_skipped_and_logged_with_that_run()
    {
        var hub = await HubAsync();
        await using var server = hub.Server;
        var release = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        hub.Intercept = async (key, attempt, context) =>
        {
            held.TrySetResult();
            await release.Task;
            return false;
        };
        await using var app = await StartAsync(hub, ("OpenAccess:Harvester:Schedule:Hub", EverySixHours));
        HarvestRun asked;
        try
        {
            // A run an admin started is going on (the Hub holds its page) when the 06:00 tick comes.
            asked = (await (await app.Http.PostAsJsonAsync("/runs", new { source = "hub" })).Content.ReadFromJsonAsync<HarvestRun>())!;
            await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
            AdvanceTo(Start.AddMinutes(10));

            var skip = await Eventually.Get(() => Task.FromResult(logs.FirstOrDefault(l => l.Contains("skipped", StringComparison.Ordinal))), l => l is not null, "the skip logged");
            Assert.Contains("Scheduled hub run of 2026-01-05 06:00:00Z skipped", skip);
            Assert.Contains($"run {asked.Id} of hub (running", skip);
            Assert.Equal([asked.Id], (await RunsAsync(app)).Select(r => r.Id));
        }
        finally
        {
            // Also when an assertion failed: a page still held would keep the fake Hub from stopping.
            release.TrySetResult();
        }

        // Once it ended, the next tick runs; the skipped tick is not made up for.
        await EndedAsync(app, asked.Id);
        AdvanceTo(Start.AddHours(6).AddMinutes(10));
        var runs = await EndedAsync(app, asked.Id, "20260105120000-schedule-hub");
        Assert.Equal(HarvestRun.Completed, runs.Single(r => r.Id == "20260105120000-schedule-hub").Status);
        Assert.Single(logs, l => l.Contains("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restart_does_not_start_a_tick_again_and_ticks_missed_while_down_run_once_at_start()
    {
        var hub = await HubAsync();
        await using var server = hub.Server;
        (string, string) schedule = ("OpenAccess:Harvester:Schedule:Hub", EverySixHours);

        await using (var app = await StartAsync(hub, schedule))
        {
            AdvanceTo(Start.AddMinutes(10));
            await EndedAsync(app, "20260105060000-schedule-hub");
        }

        // Restarted after its own tick: that tick is not run again; the next one is.
        AdvanceTo(Start.AddMinutes(40));
        await using (var app = await StartAsync(hub, schedule))
        {
            AdvanceTo(Start.AddHours(6).AddMinutes(10));
            await EndedAsync(app, "20260105060000-schedule-hub", "20260105120000-schedule-hub");
        }

        // Down over the 18:00 and 00:00 ticks: one run at start, as the 00:00 tick's; and a restart right after it adds none.
        var restart = new DateTimeOffset(2026, 1, 6, 0, 30, 0, TimeSpan.Zero);
        AdvanceTo(restart);
        await using (var app = await StartAsync(hub, schedule))
        {
            var runs = await EndedAsync(app, "20260105060000-schedule-hub", "20260105120000-schedule-hub", "20260106000000-schedule-hub");
            var caughtUp = runs.Single(r => r.Id == "20260106000000-schedule-hub");
            Assert.Equal((HarvestRun.Completed, HarvestRun.BySchedule), (caughtUp.Status, caughtUp.Trigger));
            Assert.InRange(caughtUp.StartedAt, restart, restart.AddMinutes(1));
            Assert.Contains(logs, l => l.Contains("The hub tick of 2026-01-06 00:00:00Z passed while no harvester ran; running it once now", StringComparison.Ordinal));
        }

        AdvanceTo(restart.AddMinutes(5));
        await using (var app = await StartAsync(hub, schedule))
        {
            AdvanceTo(restart.AddHours(6));
            await EndedAsync(app, "20260105060000-schedule-hub", "20260105120000-schedule-hub", "20260106000000-schedule-hub", "20260106060000-schedule-hub");
        }

        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task Two_harvesters_on_one_store_run_a_tick_once_and_neither_calls_it_skipped()
    {
        var hub = await HubAsync();
        await using var server = hub.Server;
        (string, string) schedule = ("OpenAccess:Harvester:Schedule:Hub", EverySixHours);
        await using var first = await StartAsync(hub, schedule);
        await using var second = await StartAsync(hub, schedule);

        AdvanceTo(Start.AddMinutes(10));

        await EndedAsync(first, "20260105060000-schedule-hub");
        var taken = await Eventually.Get(() => Task.FromResult(logs.Where(l => l.Contains("was started already", StringComparison.Ordinal)).ToList()),
            l => l.Count > 0, "the other harvester to find the tick taken");
        Assert.Contains("Scheduled hub run of 2026-01-05 06:00:00Z was started already (run 20260105060000-schedule-hub)", Assert.Single(taken));
        Assert.Single(logs, l => l.Contains("Scheduled hub run of 2026-01-05 06:00:00Z started", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("skipped", StringComparison.Ordinal));
        Assert.Single(server.Requests);
    }
}
