using Microsoft.AspNetCore.Http;
using System.Net.Http.Json;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Hub;

/// <summary>Hub runs over a local server replaying real model records in pages linked as the Hub links them.</summary>
public sealed class HubRunTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-hub-").FullName;
    static readonly IReadOnlyList<string> Models = RealModels.FromSeed(12);
    static IEnumerable<IEnumerable<string>> ThreePages => Models.Chunk(4);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string Data(string name) => Path.Combine(folder, name);

    static async Task<HarvestRun> StartAndFinishAsync(HarvesterApp app, object body)
    {
        var response = await app.Http.PostAsJsonAsync("/runs", body);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var run = (await response.Content.ReadFromJsonAsync<HarvestRun>())!;
        return await Eventually.Get(() => app.Http.GetFromJsonAsync<HarvestRun>($"/runs/{run.Id}")!, r => r!.Status is not (HarvestRun.Queued or HarvestRun.Running), "the run to end")
            ?? throw new InvalidOperationException();
    }

    [Fact]
    public async Task A_run_follows_the_Link_header_over_every_page_and_publishes_each_model_once()
    {
        var hub = await FakeHub.StartAsync(ThreePages);
        await using var server = hub.Server;
        await using var app = await HarvesterApp.StartAsync(Data("a"), server.Address);

        var run = await StartAndFinishAsync(app, new { source = "hub" });

        Assert.Equal(HarvestRun.Completed, run.Status);
        Assert.Equal((3, 12, 12, 0, 0), (run.Pages, run.ModelsSeen, run.New, run.Changed, run.Rejected));
        Assert.Null(run.Checkpoint);
        var published = app.Of<ModelDiscovered>();
        Assert.Equal(Models.Select(RealModels.IdOf).Order(), published.Select(p => System.Text.Json.JsonDocument.Parse(p.Json).RootElement.GetProperty("Id").GetString()).Order());
        Assert.Equal(3, server.Count(r => r.PathAndQuery.StartsWith("/api/models?", StringComparison.Ordinal)));
        Assert.Equal(2, server.Count(r => r.PathAndQuery.Contains("cursor=", StringComparison.Ordinal)));
        var details = server.Count(r => r.PathAndQuery.StartsWith("/api/models/", StringComparison.Ordinal));
        Assert.True(details >= 6, $"every listing entry without config and safetensors has its details fetched; {details} were");
        Assert.Equal(3 + details, run.Requests);
        Assert.All(server.Requests, r => Assert.Equal("Bearer hf_test_token", r.Authorization));
        Assert.Contains("expand%5B%5D=safetensors", server.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task A_run_killed_between_pages_resumes_and_publishes_exactly_what_an_uninterrupted_run_does()
    {
        var hub = await FakeHub.StartAsync(ThreePages);
        await using var server = hub.Server;

        IReadOnlyList<HarvesterApp.Published> uninterrupted;
        await using (var app = await HarvesterApp.StartAsync(Data("whole"), server.Address))
        {
            await StartAndFinishAsync(app, new { source = "hub" });
            uninterrupted = app.Of<ModelDiscovered>();
        }

        // The process dies while it waits for page 3: the page never answers it (nor a retry of it while the host goes
        // away under it), and answers the next process.
        var killed = new TaskCompletionSource();
        var dying = true;
        hub.Intercept = async (key, attempt, context) =>
        {
            if (key != "page:2" || !Volatile.Read(ref dying)) return false;
            killed.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            return true;
        };
        var first = await HarvesterApp.StartAsync(Data("killed"), server.Address);
        var started = await (await first.Http.PostAsJsonAsync("/runs", new { source = "hub" })).Content.ReadFromJsonAsync<HarvestRun>();
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await first.DisposeAsync();
        Volatile.Write(ref dying, false);
        var beforeKill = first.Of<ModelDiscovered>();

        await using var second = await HarvesterApp.StartAsync(Data("killed"), server.Address);
        var resumed = await Eventually.Get(() => second.Http.GetFromJsonAsync<HarvestRun>($"/runs/{started!.Id}")!, r => r!.Status == HarvestRun.Completed, "the resumed run to complete");

        Assert.Equal(8, beforeKill.Count);
        Assert.Equal((3, 12, 12), (resumed!.Pages, resumed.ModelsSeen, resumed.Published));
        Assert.Equal(
            uninterrupted.Select(e => (e.MessageId, e.Json)).Order(),
            beforeKill.Concat(second.Of<ModelDiscovered>()).Select(e => (e.MessageId, e.Json)).Order());
    }

    [Fact]
    public async Task A_429_is_waited_out_as_the_RateLimit_and_Retry_After_headers_say_and_counted()
    {
        var hub = await FakeHub.StartAsync(ThreePages);
        await using var server = hub.Server;
        hub.Intercept = (key, attempt, context) =>
        {
            if (key != "page:1" || attempt != 1) return Task.FromResult(false);
            context.Response.StatusCode = 429;
            context.Response.Headers["RateLimit"] = "\"api\";r=0;t=1";
            context.Response.Headers["Retry-After"] = "1";
            return Task.FromResult(true);
        };
        await using var app = await HarvesterApp.StartAsync(Data("a"), server.Address);

        var run = await StartAndFinishAsync(app, new { source = "hub" });

        Assert.Equal((HarvestRun.Completed, 12, 1), (run.Status, run.Published, run.RateLimitWaits));
        Assert.InRange(run.RateLimitWaitedSeconds, 0.9, 5);
        var page2 = server.Requests.Where(r => r.PathAndQuery.Contains(Uri.EscapeDataString(FakeHub.Cursor(1)), StringComparison.Ordinal)).ToList();
        Assert.Equal(2, page2.Count);
        Assert.True(page2[1].At - page2[0].At >= TimeSpan.FromSeconds(0.9), $"retried after {page2[1].At - page2[0].At}");
    }

    [Fact]
    public async Task A_500_and_a_body_cut_short_are_retried_and_the_run_completes()
    {
        var truncated = File.ReadAllText(RealModels.Fixture("hf-api", "model-info-finetune-truncated.json"));
        var hub = await FakeHub.StartAsync(ThreePages);
        await using var server = hub.Server;
        hub.Intercept = async (key, attempt, context) =>
        {
            if (key == "page:0" && attempt == 1)
            {
                context.Response.StatusCode = 500;
                return true;
            }

            if (key == "page:1" && attempt == 1)
            {
                await context.Response.WriteAsync("[" + truncated[..(truncated.Length / 2)]);
                return true;
            }

            return false;
        };
        await using var app = await HarvesterApp.StartAsync(Data("a"), server.Address);

        var run = await StartAndFinishAsync(app, new { source = "hub" });

        Assert.Equal((HarvestRun.Completed, 3, 12), (run.Status, run.Pages, run.Published));
        Assert.Equal(5, server.Count(r => r.PathAndQuery.StartsWith("/api/models?", StringComparison.Ordinal)));
        Assert.Empty(run.Failures);
    }

    [Fact]
    public async Task A_body_that_stays_cut_short_fails_the_run_with_its_url_and_keeps_the_checkpoint()
    {
        var truncated = File.ReadAllText(RealModels.Fixture("hf-api", "model-info-finetune-truncated.json"));
        var hub = await FakeHub.StartAsync(ThreePages);
        await using var server = hub.Server;
        hub.Intercept = async (key, _, context) =>
        {
            if (key != "page:1") return false;
            await context.Response.WriteAsync("[" + truncated[..200]);
            return true;
        };
        await using var app = await HarvesterApp.StartAsync(Data("a"), server.Address);

        var run = await StartAndFinishAsync(app, new { source = "hub" });

        Assert.Equal((HarvestRun.Failed, 1, 4), (run.Status, run.Pages, run.Published));
        var failure = Assert.Single(run.Failures);
        Assert.Contains(Uri.EscapeDataString(FakeHub.Cursor(1)), failure.Url);
        Assert.Contains("invalid JSON", failure.Reason);
        Assert.Equal(failure.Url, run.Checkpoint);
        Assert.Equal(3, server.Count(r => r.PathAndQuery.Contains(Uri.EscapeDataString(FakeHub.Cursor(1)), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failed_detail_fetch_is_listed_in_the_run_with_its_url_and_the_listed_entry_is_published()
    {
        var hub = await FakeHub.StartAsync(ThreePages);
        await using var server = hub.Server;
        var missing = RealModels.IdOf(Models[4]); // first entry of page 1, served without config or safetensors
        hub.Intercept = (key, _, context) =>
        {
            if (key != $"model:{missing}") return Task.FromResult(false);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.FromResult(true);
        };
        await using var app = await HarvesterApp.StartAsync(Data("a"), server.Address);

        var run = await StartAndFinishAsync(app, new { source = "hub" });

        Assert.Equal((HarvestRun.Completed, 3, 12), (run.Status, run.Pages, run.Published));
        var failure = Assert.Single(run.Failures);
        Assert.Equal($"{server.Address}api/models/{missing}", failure.Url);
        Assert.Contains("404", failure.Reason);
        var published = app.Of<ModelDiscovered>().Select(p => System.Text.Json.JsonDocument.Parse(p.Json).RootElement)
            .Single(m => m.GetProperty("Id").GetString() == missing);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, published.GetProperty("Config").ValueKind);
    }

    [Fact]
    public async Task An_incremental_run_stops_at_the_first_page_of_models_already_seen()
    {
        var hub = await FakeHub.StartAsync(ThreePages);
        await using var server = hub.Server;
        await using var app = await HarvesterApp.StartAsync(Data("a"), server.Address);
        await StartAndFinishAsync(app, new { source = "hub" });

        var run = await StartAndFinishAsync(app, new { source = "hub", options = new { incremental = true } });

        Assert.Equal((HarvestRun.Completed, true, 1, 0, 4), (run.Status, run.StoppedEarly, run.Pages, run.Published, run.Unchanged));
        Assert.Contains("sort=lastModified", server.Requests.Last(r => r.PathAndQuery.StartsWith("/api/models?", StringComparison.Ordinal)).PathAndQuery);
        Assert.Equal(12, app.Of<ModelDiscovered>().Count);
    }

    [Fact]
    public async Task Bad_records_are_quarantined_with_their_reason_and_the_run_goes_on()
    {
        var good = Models.Take(3).ToList();
        string[] bad =
        [
            """{"author":"nobody","tags":[],"downloads":3}""",
            """{"id":"someone/loop","tags":["base_model:finetune:someone/loop"],"downloads":3}""",
            """{"id":"someone/tags","tags":"text-generation","downloads":3}""",
            """{"id":"someone/huge","tags":[],"downloads":-5}""",
        ];
        var hub = await FakeHub.StartAsync([good.Take(2).Concat(bad.Take(2)), bad.Skip(2).Append(good[2])]);
        await using var server = hub.Server;
        await using var app = await HarvesterApp.StartAsync(Data("a"), server.Address, ("OpenAccess:Harvester:Hub:FetchDetails", "false"));

        var run = await StartAndFinishAsync(app, new { source = "hub" });
        var quarantine = await app.Http.GetFromJsonAsync<List<QuarantinedRecord>>($"/quarantine?run={run.Id}");

        Assert.Equal((HarvestRun.Completed, 2, 7, 3, 4), (run.Status, run.Pages, run.ModelsSeen, run.Published, run.Rejected));
        Assert.Equal(
            ["absurd number", "missing 'id'", "names itself as its base model", "unparseable tags"],
            quarantine!.Select(q => q.Reason.Split([" (", ":"], StringSplitOptions.None)[0]).Order());
        Assert.Contains(quarantine!, q => q.Reason == "absurd number: downloads = -5" && q.ModelId == "someone/huge");
        Assert.All(quarantine!, q => Assert.Contains("/api/models", q.Location));
        Assert.Equal(3, app.Of<ModelDiscovered>().Count);
    }

    [Fact]
    public async Task Runs_can_be_cancelled_and_bad_requests_get_a_problem_answer()
    {
        var hub = await FakeHub.StartAsync(ThreePages);
        await using var server = hub.Server;
        hub.Intercept = async (key, _, context) =>
        {
            if (key != "page:1") return false;
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            return true;
        };
        await using var app = await HarvesterApp.StartAsync(Data("a"), server.Address);
        var run = (await (await app.Http.PostAsJsonAsync("/runs", new { source = "hub" })).Content.ReadFromJsonAsync<HarvestRun>())!;
        await Eventually.Get(() => app.Http.GetFromJsonAsync<HarvestRun>($"/runs/{run.Id}")!, r => r!.Pages == 1, "the first page");

        var cancel = await app.Http.DeleteAsync($"/runs/{run.Id}");
        var after = await app.Http.GetFromJsonAsync<HarvestRun>($"/runs/{run.Id}");

        Assert.Equal(System.Net.HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal((HarvestRun.Cancelled, 1), (after!.Status, after.Pages));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await app.Http.DeleteAsync($"/runs/{run.Id}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.Http.DeleteAsync("/runs/nope")).StatusCode);
        var unknown = await app.Http.PostAsJsonAsync("/runs", new { source = "ftp" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("hub, leaderboard-v1, leaderboard-v2, snapshot", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await app.Http.PostAsJsonAsync("/runs", new { source = "snapshot" })).StatusCode);
    }
}
