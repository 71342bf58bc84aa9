using System.Text.Json;
using OpenAccess.Testing;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>
/// A family asked for while the first start's import is still arriving answers a 404 that says so, with the run's progress
/// as the Harvester's <c>GET /runs</c> reports it (issue 19, item 11). The Harvester is a real HTTP server here, answering
/// runs in the shape its API gives them.
/// </summary>
public sealed class FirstStartProgressTests : IAsyncLifetime
{
    const string Family = "meta-llama/Llama-2-7b";
    FakeHarvesterRuns harvester = null!;
    InMemoryFittingFactory factory = null!;
    HttpClient http = null!;

    public async ValueTask InitializeAsync()
    {
        harvester = await FakeHarvesterRuns.StartAsync();
        factory = new InMemoryFittingFactory(new Dictionary<string, string?>
        {
            ["OpenAccess:Fitting:M"] = "10",
            ["OpenAccess:Fitting:HarvestRunsUrl"] = harvester.Url,
        });
        http = factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        await harvester.DisposeAsync();
    }

    static string Run(string status, long stored, string? caughtUpAt, string trigger = "startup") =>
        FakeHarvesterRuns.SnapshotRun(status, [("evaluator-models-discovered", 1284), ("lineage-models-discovered", stored)], caughtUpAt, trigger);

    Task<JsonElement> NotFoundAsync(string path) => FakeHarvesterRuns.NotFoundAsync(http, path, TestContext.Current.CancellationToken);

    [Fact]
    public async Task While_the_import_is_being_stored_a_missing_family_says_so_with_each_consumers_progress()
    {
        harvester.Runs = Run("completed", stored: 731, caughtUpAt: null);

        foreach (var path in new[] { $"/fits/{Family}", $"/fits/{Family}/forecast", $"/series/{Family}" })
        {
            var problem = await NotFoundAsync(path);
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.StartsWith($"No adoption series for family '{Family}' yet. The first start's import", detail);
            Assert.Contains("published 1,284 models and is still being stored", detail);
            Assert.Contains("lineage-models-discovered 731 of 1,284", detail);
            var progress = problem.GetProperty("firstStart");
            Assert.Equal(("run-1", 1284), (progress.GetProperty("runId").GetString(), progress.GetProperty("published").GetInt32()));
            Assert.Equal(731, progress.GetProperty("consumers").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "lineage-models-discovered").GetProperty("stored").GetInt64());
        }
    }

    [Fact]
    public async Task While_the_import_runs_a_missing_family_says_it_is_still_running()
    {
        harvester.Runs = Run("running", stored: 100, caughtUpAt: null);

        var detail = (await NotFoundAsync($"/fits/{Family}")).GetProperty("detail").GetString()!;

        Assert.Contains("is still running: 1,284 models published so far; stored: evaluator-models-discovered 1,284 of 1,284, lineage-models-discovered 100 of 1,284.", detail);
    }

    [Fact]
    public async Task Just_after_every_consumer_caught_up_a_missing_family_says_the_families_are_being_fitted()
    {
        harvester.Runs = Run("completed", stored: 1284, caughtUpAt: DateTimeOffset.UtcNow.AddSeconds(-20).ToString("O"));

        var detail = (await NotFoundAsync($"/fits/{Family}")).GetProperty("detail").GetString()!;

        Assert.Contains("was stored by every consumer at", detail);
        Assert.Contains("the families' series are being published and fitted (0 fitted so far)", detail);
    }

    [Fact]
    public async Task The_bundled_leaderboard_tables_imported_after_the_snapshot_do_not_hide_its_progress()
    {
        // As the Standalone host's first start lists them, newest first: the two leaderboard tables published rows, no model.
        const string Leaderboard = """
            { "id": "run-3", "source": "snapshot", "name": "open_llm_leaderboard_v1_final_half.csv.gz", "status": "completed", "published": 0,
              "benchmarksPublished": 3584, "trigger": "startup", "startedAt": "2026-01-01T00:00:02Z",
              "consumers": [ { "name": "lineage-benchmark-updated", "messageType": "BenchmarkUpdated", "stored": 3584, "published": 3584, "caughtUpAt": "2026-01-01T00:00:30Z" } ] },
            """;
        harvester.Runs = Run("completed", stored: 731, caughtUpAt: null).Replace("[{", "[" + Leaderboard + "{");

        var detail = (await NotFoundAsync($"/fits/{Family}")).GetProperty("detail").GetString()!;

        Assert.Contains("(hub-model-trees-2025-04.jsonl.gz, run run-1) published 1,284 models and is still being stored", detail);
        Assert.Contains("lineage-models-discovered 731 of 1,284", detail);
    }

    [Theory]
    [InlineData("caught up an hour ago")]
    [InlineData("no run started at start-up")]
    [InlineData("the harvester cannot be reached")]
    public async Task Otherwise_a_missing_family_is_the_plain_404(string situation)
    {
        harvester.Runs = situation switch
        {
            "caught up an hour ago" => Run("completed", stored: 1284, caughtUpAt: DateTimeOffset.UtcNow.AddHours(-1).ToString("O")),
            "no run started at start-up" => Run("running", stored: 5, caughtUpAt: null, trigger: "request"),
            _ => "not json",
        };

        var problem = await NotFoundAsync($"/fits/{Family}");

        Assert.Equal($"No adoption series for family '{Family}' yet.", problem.GetProperty("detail").GetString());
        Assert.False(problem.TryGetProperty("firstStart", out _));
    }
}
