using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
    WebApplication harvester = null!;
    InMemoryFittingFactory factory = null!;
    HttpClient http = null!;
    string runs = "[]";

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.OnFreeLoopbackPort();
        harvester = builder.Build();
        harvester.MapGet("/runs", () => Results.Content(runs, "application/json"));
        await harvester.StartAsync();
        factory = new InMemoryFittingFactory(new Dictionary<string, string?>
        {
            ["OpenAccess:Fitting:M"] = "10",
            ["OpenAccess:Fitting:HarvestRunsUrl"] = $"{harvester.Urls.First()}/runs",
        });
        http = factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        await harvester.DisposeAsync();
    }

    static string Run(string status, long stored, string? caughtUpAt, string trigger = "startup") => $$"""
        [{ "id": "run-1", "source": "snapshot", "name": "hub-model-trees-2025-04.jsonl.gz", "status": "{{status}}", "published": 1284,
           "trigger": "{{trigger}}", "startedAt": "2026-01-01T00:00:00Z",
           "consumers": [
             { "name": "evaluator-model-discovered", "messageType": "ModelDiscovered", "stored": 1284, "published": 1284, "caughtUpAt": {{(caughtUpAt is null ? "null" : $"\"{caughtUpAt}\"")}} },
             { "name": "lineage-model-discovered", "messageType": "ModelDiscovered", "stored": {{stored}}, "published": 1284, "caughtUpAt": {{(caughtUpAt is null ? "null" : $"\"{caughtUpAt}\"")}} } ] }]
        """;

    async Task<JsonElement> NotFoundAsync(string path)
    {
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }

    [Fact]
    public async Task While_the_import_is_being_stored_a_missing_family_says_so_with_each_consumers_progress()
    {
        runs = Run("completed", stored: 731, caughtUpAt: null);

        foreach (var path in new[] { $"/fits/{Family}", $"/fits/{Family}/forecast", $"/series/{Family}" })
        {
            var problem = await NotFoundAsync(path);
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.StartsWith($"No adoption series for family '{Family}' yet. The first start's import", detail);
            Assert.Contains("published 1,284 models and is still being stored", detail);
            Assert.Contains("lineage-model-discovered 731 of 1,284", detail);
            var progress = problem.GetProperty("firstStart");
            Assert.Equal(("run-1", 1284), (progress.GetProperty("runId").GetString(), progress.GetProperty("published").GetInt32()));
            Assert.Equal(731, progress.GetProperty("consumers").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "lineage-model-discovered").GetProperty("stored").GetInt64());
        }
    }

    [Fact]
    public async Task While_the_import_runs_a_missing_family_says_it_is_still_running()
    {
        runs = Run("running", stored: 100, caughtUpAt: null);

        var detail = (await NotFoundAsync($"/fits/{Family}")).GetProperty("detail").GetString()!;

        Assert.Contains("is still running: 1,284 models published so far; stored: evaluator-model-discovered 1,284 of 1,284, lineage-model-discovered 100 of 1,284.", detail);
    }

    [Fact]
    public async Task Just_after_every_consumer_caught_up_a_missing_family_says_the_families_are_being_fitted()
    {
        runs = Run("completed", stored: 1284, caughtUpAt: DateTimeOffset.UtcNow.AddSeconds(-20).ToString("O"));

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
        runs = Run("completed", stored: 731, caughtUpAt: null).Replace("[{", "[" + Leaderboard + "{");

        var detail = (await NotFoundAsync($"/fits/{Family}")).GetProperty("detail").GetString()!;

        Assert.Contains("(hub-model-trees-2025-04.jsonl.gz, run run-1) published 1,284 models and is still being stored", detail);
        Assert.Contains("lineage-model-discovered 731 of 1,284", detail);
    }

    [Theory]
    [InlineData("caught up an hour ago")]
    [InlineData("no run started at start-up")]
    [InlineData("the harvester cannot be reached")]
    public async Task Otherwise_a_missing_family_is_the_plain_404(string situation)
    {
        runs = situation switch
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
