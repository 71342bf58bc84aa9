using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Hub;

/// <summary>A Hub run fetches only from the configured Hub address: a "next" link elsewhere fails the run, and nothing, the token least of all, goes there.</summary>
public sealed class HubAddressConfinementTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-hub-confined-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_next_page_link_to_another_host_fails_the_run_without_a_request_to_it()
    {
        await using var elsewhere = await ReplayServer.StartAsync(context => context.Response.WriteAsync("[]"));
        await using var hub = await ReplayServer.StartAsync(async context =>
        {
            context.Response.Headers["Link"] = $"<{elsewhere.Address}api/models?cursor=x>; rel=\"next\"";
            await context.Response.WriteAsync("[]");
        });
        await using var app = await HarvesterApp.StartAsync(folder, hub.Address);

        var started = (await (await app.Http.PostAsJsonAsync("/runs", new { source = "hub" })).Content.ReadFromJsonAsync<HarvestRun>())!;
        var run = (await Eventually.Get(() => app.Http.GetFromJsonAsync<HarvestRun>($"/runs/{started.Id}")!, r => r!.Status is HarvestRun.Completed or HarvestRun.Failed, "the run to end"))!;

        Assert.Equal((HarvestRun.Failed, 1), (run.Status, run.Pages));
        Assert.Contains("not under the configured Hub or datasets-server address", run.Failure);
        Assert.Empty(elsewhere.Requests);
    }
}
