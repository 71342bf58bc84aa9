using System.Diagnostics;
using System.Net;
using OpenAccess.Deployment.Tests.Infrastructure;

namespace OpenAccess.Deployment.Tests;

/// <summary><c>dotnet publish services/Standalone</c>, as a platform team runs it, gives a folder that starts and serves the dashboard and the AsyncAPI document.</summary>
public sealed class StandalonePublishTests : IDisposable
{
    readonly string output = Directory.CreateTempSubdirectory("openaccess-publish-").FullName;

    [Fact]
    public async Task The_published_host_starts_from_its_folder_with_its_own_settings_and_serves_the_dashboard()
    {
        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Tool.Find("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH.");
        var publish = Tool.Run(dotnet, ["publish", Repository.PathOf("services/Standalone/Standalone.csproj"), "-c", "Release", "-o", output, "-nologo"],
            Repository.Root, TimeSpan.FromMinutes(10));
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed: {publish.Output}{publish.Error}");
        // Each service has an appsettings.json of its own; the host's is the one published.
        Assert.Equal(File.ReadAllText(Repository.PathOf("services/Standalone/appsettings.json")), File.ReadAllText(Path.Combine(output, "appsettings.json")));
        Assert.True(File.Exists(Path.Combine(output, "Seed", "hub-model-trees-2025-04.jsonl.gz")));
        // The bundled config.json copies are published byte for byte beside the snapshot (Seed/configs/README.md).
        Assert.Equal(File.ReadAllBytes(Repository.PathOf("services/Standalone/Seed/configs/microsoft/phi-2/config.json")),
            File.ReadAllBytes(Path.Combine(output, "Seed", "configs", "microsoft", "phi-2", "config.json")));

        var port = LoopbackPort.Free();
        var data = Path.Combine(output, "data");
        var start = new ProcessStartInfo(dotnet) { WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in (string[])[Path.Combine(output, "OpenAccess.Standalone.dll"), "--urls", $"http://127.0.0.1:{port}", $"--OpenAccess:DataDirectory={data}", "--OpenAccess:Harvester:Seed="])
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var live = await Eventually.Get(async () =>
            {
                if (process.HasExited) return HttpStatusCode.ServiceUnavailable;
                try { using var r = await http.GetAsync("/health/live"); return r.StatusCode; }
                catch (HttpRequestException) { return HttpStatusCode.ServiceUnavailable; }
            }, s => s == HttpStatusCode.OK || process.HasExited, "the published host to be live", 120);
            Assert.True(live == HttpStatusCode.OK, $"the published host exited with {(process.HasExited ? process.ExitCode : -1)}");

            var index = await http.GetStringAsync("/");
            Assert.Contains("<html", index, StringComparison.OrdinalIgnoreCase);
            using var runs = await http.GetAsync("/api/harvest/runs");
            Assert.Equal(HttpStatusCode.OK, runs.StatusCode);
            // The AsyncAPI document is made from the contracts' XML docs, which must travel with the published assembly.
            using var asyncApi = await http.GetAsync("/asyncapi.json");
            Assert.Equal(HttpStatusCode.OK, asyncApi.StatusCode);
            Assert.Contains("urn:message:OpenAccess.Contracts:ModelDiscovered", await asyncApi.Content.ReadAsStringAsync());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
