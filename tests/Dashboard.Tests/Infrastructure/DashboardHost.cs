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

    public static string ScreenshotDirectory => Path.Combine(RepositoryRoot(), "artifacts", "test-results", "screenshots");

    public async ValueTask InitializeAsync()
    {
        app = StandaloneHost.Build(["--urls", "http://127.0.0.1:0", $"--OpenAccess:DataDirectory={data}", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        BaseUrl = app.Urls.First().TrimEnd('/');
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        await app.Services.GetRequiredService<StartupImports>().ExecuteTask!;
        await Eventually(async () =>
        {
            var runs = await Api.GetFromJsonAsync<JsonElement>("/api/harvest/runs");
            return runs.EnumerateArray().Any(r => r.GetProperty("status").GetString() == "completed" && r.GetProperty("published").GetInt32() == SnapshotModels);
        }, "the bundled snapshot to be imported");
        Browser = await Browser.LaunchAsync();
    }

    /// <summary>GETs JSON once the answer is a success (the services consume the import in the background).</summary>
    public async Task<JsonElement> GetWhenReadyAsync(string path, int seconds = 120)
    {
        JsonElement found = default;
        await Eventually(async () =>
        {
            using var response = await Api.GetAsync(path);
            if (!response.IsSuccessStatusCode) return false;
            found = await response.Content.ReadFromJsonAsync<JsonElement>();
            return true;
        }, $"GET {path} to succeed", seconds);
        return found;
    }

    public static async Task Eventually(Func<Task<bool>> done, string what, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
            await Task.Delay(250);
        }
    }

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
        if (app is not null) await app.DisposeAsync();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
