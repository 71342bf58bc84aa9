using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenAccess.Standalone;

namespace OpenAccess.Dashboard.Tests.Infrastructure;

/// <summary>
/// The v1 and v2 leaderboard tables the Standalone host imports at its first start (services/Standalone/Seed): waits, once
/// per host, until both imports have completed and the lineage holds every row each of them published.
/// </summary>
public static class LeaderboardTables
{
    static readonly (string Seed, string Population)[] Tables =
    [
        (StandaloneHost.SeedLeaderboardV2, "leaderboard-v2"),
        (StandaloneHost.SeedLeaderboardV1, "leaderboard-v1"),
    ];

    static readonly ConditionalWeakTable<DashboardHost, Task> Imports = [];

    public static Task ImportedAsync(DashboardHost host)
    {
        lock (Imports) return Imports.GetValue(host, WaitAsync);
    }

    static async Task WaitAsync(DashboardHost host)
    {
        foreach (var (seed, population) in Tables)
        {
            var name = Path.GetFileName(seed);
            JsonElement run = default;
            await DashboardHost.WaitUntilAsync(async () =>
            {
                var runs = await host.Api.GetFromJsonAsync<JsonElement>("/api/harvest/runs");
                run = runs.EnumerateArray().FirstOrDefault(r => r.GetProperty("name").GetString() == name);
                return run.ValueKind == JsonValueKind.Object && run.GetProperty("status").GetString() is "completed" or "failed";
            }, $"the bundled {name} to be imported", 300);
            Assert.Equal("completed", run.GetProperty("status").GetString());
            var published = run.GetProperty("benchmarksPublished").GetInt32();
            Assert.True(published > 0, $"The import of {name} published no results.");
            await DashboardHost.WaitUntilAsync(async () =>
                (await host.Api.GetFromJsonAsync<JsonElement>($"/api/lineage/stats/summary?population={population}")).GetProperty("rows").GetInt32() == published,
                $"the lineage to hold the {published} rows of {name}", 300);
        }
    }
}
