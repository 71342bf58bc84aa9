using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenAccess.Integration.Tests.Infrastructure;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// Replay on the Standalone host's in-memory bus: the only queues there are the process's own consumer queues, so a replay goes to
/// one of them (its consumer takes the state again and, being idempotent, changes nothing) and any other name is 404.
/// </summary>
public sealed class StandaloneReplayTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-standalone-replay-").FullName;

    [Fact]
    public async Task A_replay_goes_to_one_of_the_hosts_own_queues_and_any_other_queue_is_404()
    {
        await using var app = await StandaloneProcess.StartAsync(data);
        var api = new ApiClient(StandaloneProcess.Client(app));
        var run = await api.ImportAsync(Encoding.UTF8.GetBytes(string.Join('\n', Snapshot.Lines(Snapshot.BundledPath).Take(40))), "forty");
        Assert.Equal(("completed", 40), (run.Status, run.Published));
        await Eventually.Get(api.LineageModelCountAsync, n => n == 40, "the models in lineage");
        var before = (await api.GetJsonAsync("/api/lineage/stats/summary"))!.Value.GetRawText();

        using var missing = await api.Http.PostAsJsonAsync("/api/harvest/replays", new { @event = "ModelDiscovered", queue = "my-subscriber" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var started = await api.Http.PostAsJsonAsync("/api/harvest/replays", new { @event = "ModelsDiscovered", queue = "lineage-models-discovered" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString();
        var replay = await Eventually.Get(() => api.GetJsonAsync($"/api/harvest/replays/{id}"), r => r!.Value.GetProperty("status").GetString() != "running", "the replay");
        Assert.Equal(("completed", 1L, 1L), (replay!.Value.GetProperty("status").GetString(), replay.Value.GetProperty("sent").GetInt64(), replay.Value.GetProperty("total").GetInt64()));

        await Task.Delay(500, TestContext.Current.CancellationToken); // the in-memory queue delivers what was sent; let Lineage take it
        Assert.Equal(before, (await api.GetJsonAsync("/api/lineage/stats/summary"))!.Value.GetRawText());
    }

    public void Dispose() => Directory.Delete(data, recursive: true);
}
