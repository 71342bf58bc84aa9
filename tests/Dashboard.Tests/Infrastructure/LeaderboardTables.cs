using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OpenAccess.Dashboard.Tests.Infrastructure;

/// <summary>
/// The v1 and v2 leaderboard tables in a <see cref="DashboardHost"/>: imported once per host through the harvester's API
/// (<c>POST /api/harvest/snapshots</c>), then waited for until the lineage holds every row each import published.
/// </summary>
public static class LeaderboardTables
{
    static readonly (string File, string Population)[] Tables =
    [
        ("open_llm_leaderboard_v1_final_half.csv", "leaderboard-v1"),
        ("open_llm_leaderboard_v2_2025-02.csv", "leaderboard-v2"),
    ];

    static readonly ConditionalWeakTable<DashboardHost, Task> Imports = [];

    public static Task EnsureAsync(DashboardHost host)
    {
        lock (Imports) return Imports.GetValue(host, h => ImportAsync(h));
    }

    static async Task ImportAsync(DashboardHost host)
    {
        foreach (var (file, population) in Tables)
        {
            await using var body = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "leaderboard", file));
            using var response = await host.Api.PostAsync($"/api/harvest/snapshots?name={Uri.EscapeDataString(file)}", new StreamContent(body));
            Assert.True(response.IsSuccessStatusCode, $"Importing {file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            JsonElement run = default;
            await DashboardHost.WaitUntilAsync(async () =>
            {
                run = await host.Api.GetFromJsonAsync<JsonElement>($"/api/harvest/runs/{id}");
                return run.GetProperty("status").GetString() is "completed" or "failed";
            }, $"the import of {file}", 300);
            Assert.Equal("completed", run.GetProperty("status").GetString());
            var published = run.GetProperty("benchmarksPublished").GetInt32();
            Assert.True(published > 0, $"The import of {file} published no results.");
            await DashboardHost.WaitUntilAsync(async () =>
                (await host.Api.GetFromJsonAsync<JsonElement>($"/api/lineage/stats/summary?population={population}")).GetProperty("rows").GetInt32() == published,
                $"the lineage to hold the {published} rows of {file}", 300);
        }
    }
}
