using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Leaderboards;

/// <summary>The v2 leaderboard read through the datasets-server rows API, replayed from 250 real rows of the table.</summary>
public sealed class LeaderboardRowsRunTests : IDisposable
{
    static readonly string RowsFile = RealModels.Fixture("leaderboard", "v2-rows", "contents-rows-0-249.json");
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-rows-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Data(string name) => Path.Combine(folder, name);

    /// <summary>The same 250 rows as the CSV export has them, mapped by the importer's own mapper: what the run must publish.</summary>
    static async Task<List<(Guid?, string)>> ExpectedEventsAsync()
    {
        var path = RealModels.Fixture("leaderboard", "v2", "open_llm_leaderboard_v2_2025-02.csv");
        var events = new List<(Guid?, string)>();
        await foreach (var record in SnapshotFileReader.ReadAsync(path, SnapshotFormat.LeaderboardV2Csv, "v2.csv", default))
        {
            if (events.Count == 250) break;
            var b = record.Benchmark!.Benchmark!;
            events.Add((BenchmarkBatchWriter.MessageId(b), JsonSerializer.Serialize(b)));
        }

        return events;
    }

    static async Task<HarvestRun> StartAsync(HarvesterApp app) =>
        (await (await app.Http.PostAsJsonAsync("/runs", new { source = "leaderboard-v2" })).Content.ReadFromJsonAsync<HarvestRun>())!;

    static Task<HarvestRun> EndOfAsync(HarvesterApp app, string id) =>
        Eventually.Get(() => app.Http.GetFromJsonAsync<HarvestRun>($"/runs/{id}")!, r => r!.Status is not (HarvestRun.Queued or HarvestRun.Running), "the run to end")!;

    static List<(Guid?, string)> Benchmarks(HarvesterApp app) => app.Of<BenchmarkUpdated>().Select(e => (e.MessageId, e.Json)).ToList();

    [Fact]
    public async Task The_table_is_read_100_rows_a_page_until_the_total_and_gives_the_events_of_the_csv_export()
    {
        var datasets = await FakeDatasetsServer.StartAsync(RowsFile);
        await using var server = datasets.Server;
        await using var app = await HarvesterApp.StartAsync(Data("a"), server.Address);

        var run = await EndOfAsync(app, (await StartAsync(app)).Id);

        Assert.Equal((HarvestRun.Completed, 3, 250, 250, 250, 0), (run.Status, run.Pages, run.Lines, run.ExpectedTotal, run.BenchmarksPublished, run.Rejected));
        Assert.Null(run.Checkpoint);
        Assert.Equal(new[] { 0, 100, 200 }, datasets.Offsets());
        Assert.All(server.Requests, r => Assert.Contains("config=default&split=train", r.PathAndQuery));
        Assert.Equal((await ExpectedEventsAsync()).Order(), Benchmarks(app).Order());
    }

    [Fact]
    public async Task A_run_killed_mid_table_resumes_from_its_checkpointed_offset_and_publishes_what_an_uninterrupted_run_does()
    {
        var datasets = await FakeDatasetsServer.StartAsync(RowsFile);
        await using var server = datasets.Server;
        var killed = new TaskCompletionSource();
        datasets.Intercept = async (offset, attempt, context) =>
        {
            if (offset != 200 || attempt > 1) return false;
            killed.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            return true;
        };

        var first = await HarvesterApp.StartAsync(Data("killed"), server.Address);
        var started = await StartAsync(first);
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var checkpointed = (await first.Http.GetFromJsonAsync<HarvestRun>($"/runs/{started.Id}"))!;
        var beforeKill = Benchmarks(first);
        await first.DisposeAsync();
        var requestsBeforeRestart = datasets.Offsets().Count;

        await using var second = await HarvesterApp.StartAsync(Data("killed"), server.Address);
        var resumed = await Eventually.Get(() => second.Http.GetFromJsonAsync<HarvestRun>($"/runs/{started.Id}")!, r => r!.Status == HarvestRun.Completed, "the resumed run to complete");

        Assert.Equal(("200", 200, 2), (checkpointed.Checkpoint, checkpointed.Lines, checkpointed.Pages));
        Assert.Equal(200, beforeKill.Count);
        Assert.Equal(new[] { 200 }, datasets.Offsets().Skip(requestsBeforeRestart));
        Assert.Equal((3, 250, 250, null), (resumed!.Pages, resumed.Lines, resumed.BenchmarksPublished, resumed.Checkpoint));
        Assert.Equal((await ExpectedEventsAsync()).Order(), beforeKill.Concat(Benchmarks(second)).Order());
    }
}
