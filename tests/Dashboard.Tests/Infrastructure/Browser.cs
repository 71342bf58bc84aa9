using System.Diagnostics;
using System.Text.Json.Nodes;

namespace OpenAccess.Dashboard.Tests.Infrastructure;

/// <summary>A headless Chromium started for the tests, with a fresh profile, and driven over DevTools.</summary>
public sealed class Browser : IAsyncDisposable
{
    /// <summary>Where Chromium is looked for; OPENACCESS_CHROMIUM overrides.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("OPENACCESS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    readonly Process process;
    readonly string profile;
    public Cdp Cdp { get; }

    Browser(Process process, string profile, Cdp cdp) => (this.process, this.profile, Cdp) = (process, profile, cdp);

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            Assert.Fail($"Chromium is not installed at {ExecutablePath}: the dashboard tests need it. Install it with `apt-get install -y chromium` " +
                        "(or set OPENACCESS_CHROMIUM to its path).");
        var profile = Directory.CreateTempSubdirectory("openaccess-chromium-").FullName;
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
                     $"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank",
                 })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Chromium writes the port it chose and the browser's WebSocket path to DevToolsActivePort.
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string[] lines = [];
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) Assert.Fail($"Chromium exited at start with code {process.ExitCode}.");
            if (File.Exists(portFile) && (lines = await ReadSharedAsync(portFile)).Length >= 2) break;
            await Task.Delay(100);
        }
        if (lines.Length < 2) Assert.Fail("Chromium did not open its DevTools port within 60 s.");
        var cdp = await Cdp.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"));
        return new Browser(process, profile, cdp);
    }

    static async Task<string[]> ReadSharedAsync(string path)
    {
        try
        {
            return (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToArray();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>A new tab of the given size; narrow sizes are emulated as a mobile viewport.</summary>
    public async Task<Page> NewPageAsync(int width, int height)
    {
        var target = await Cdp.SendAsync("Target.createTarget", new { url = "about:blank" });
        var attached = await Cdp.SendAsync("Target.attachToTarget", new { targetId = target["targetId"]!.GetValue<string>(), flatten = true });
        var page = new Page(Cdp, target["targetId"]!.GetValue<string>(), attached["sessionId"]!.GetValue<string>());
        await page.InitialiseAsync(width, height);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cdp.SendAsync("Browser.close", timeoutSeconds: 5);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
        await Cdp.DisposeAsync();
        if (!process.WaitForExit(5000)) process.Kill(entireProcessTree: true);
        process.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static string Describe(JsonObject? node) => node?.ToJsonString() ?? "(nothing)";
}
