using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Harvester.Importing;
using OpenAccess.Standalone;

namespace OpenAccess.Dashboard.Tests.Infrastructure;

/// <summary>
/// The Standalone host as a user runs it (real Kestrel, the bundled snapshot imported at first start) and one
/// headless Chromium, shared by the tests of a class.
/// </summary>
public sealed class DashboardHost : IAsyncLifetime
{
    public const int SnapshotModels = 1284;
    readonly string data = Directory.CreateTempSubdirectory("openaccess-dashboard-").FullName;
    WebApplication? app;

    public HttpClient Api { get; private set; } = null!;
    public Browser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    /// <summary>A service of the running host (e.g. its bus, to publish a model the snapshot does not hold).</summary>
    public T Service<T>() where T : notnull => app!.Services.GetRequiredService<T>();

    public static string ScreenshotDirectory => Path.Combine(RepositoryRoot(), "artifacts", "test-results", "screenshots");

    public async ValueTask InitializeAsync()
    {
        app = StandaloneHost.Build(["--urls", "http://127.0.0.1:0", $"--OpenAccess:DataDirectory={data}", "--Logging:LogLevel:Default=Warning",
            // The tests below ask for a missing family well after the import was stored; the 404 still describes the first start.
            "--OpenAccess:Fitting:FirstStartWindow=01:00:00"]);
        await app.StartAsync();
        BaseUrl = app.Urls.First().TrimEnd('/');
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        await app.Services.GetRequiredService<StartupImports>().ExecuteTask!;
        await WaitUntilAsync(async () =>
        {
            var runs = await Api.GetFromJsonAsync<JsonElement>("/api/harvest/runs");
            return runs.EnumerateArray().Any(r => r.GetProperty("status").GetString() == "completed" && r.GetProperty("published").GetInt32() == SnapshotModels);
        }, "the bundled snapshot to be imported");
        await WaitForPipelineToSettleAsync();
        Browser = await Browser.LaunchAsync();
    }

    /// <summary>
    /// The import only publishes; the services consume in the background. Until the lineage holds every model and the
    /// fitting worker has fitted the family's latest series, a page and the API may be asked at different moments of the
    /// same catch-up and disagree, so the tests start only once both have caught up.
    /// </summary>
    async Task WaitForPipelineToSettleAsync()
    {
        await WaitUntilAsync(async () =>
        {
            var summary = await Api.GetFromJsonAsync<JsonElement>("/api/lineage/stats/summary");
            return summary.GetProperty("models").GetInt64() == SnapshotModels;
        }, "the lineage to hold every imported model", 300);
        foreach (var family in SettledFamilies)
            await WaitUntilAsync(async () =>
            {
                using var lineage = await Api.GetAsync($"/api/lineage/families/{family}/adoption");
                using var fitting = await Api.GetAsync($"/api/fitting/fits/{family}");
                if (!lineage.IsSuccessStatusCode || !fitting.IsSuccessStatusCode) return false;
                var series = (await lineage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("months");
                var fitted = await fitting.Content.ReadFromJsonAsync<JsonElement>();
                return fitted.GetProperty("fit").GetProperty("seriesVersion").GetInt64() == fitted.GetProperty("series").GetProperty("seriesVersion").GetInt64()
                    && Cumulative(series).SequenceEqual(Cumulative(fitted.GetProperty("series").GetProperty("months")));
            }, $"the fitting worker to fit the lineage's latest series of {family}", 300);
    }

    /// <summary>The families whose fits the tests read.</summary>
    public static readonly string[] SettledFamilies = ["meta-llama/Llama-2-7b", "google/gemma-7b"];

    static IEnumerable<long> Cumulative(JsonElement months) =>
        months.EnumerateArray().Select(m => m.GetProperty("cumulativeDerivatives").GetInt64());

    /// <summary>GETs JSON once the answer is a success (the services consume the import in the background).</summary>
    public async Task<JsonElement> GetWhenReadyAsync(string path, int seconds = 120)
    {
        JsonElement found = default;
        await WaitUntilAsync(async () =>
        {
            using var response = await Api.GetAsync(path);
            if (!response.IsSuccessStatusCode) return false;
            found = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        }, $"GET {path} to succeed", seconds);
        return found;
    }

    public static Task WaitUntilAsync(Func<Task<bool>> done, string what, int seconds = 120) =>
        Eventually.Get(done, ok => ok, what, seconds);

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenAccess.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Api?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
