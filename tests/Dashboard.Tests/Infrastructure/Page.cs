using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenAccess.Dashboard.Tests.Infrastructure;

/// <summary>One browser tab: navigate, evaluate script, wait for a condition, collect console errors, take screenshots.</summary>
public sealed class Page : IAsyncDisposable
{
    readonly Cdp cdp;
    readonly string targetId;
    readonly string session;
    readonly ConcurrentQueue<string> errors = new();
    TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Page(Cdp cdp, string targetId, string session)
    {
        (this.cdp, this.targetId, this.session) = (cdp, targetId, session);
        cdp.Event += OnEvent;
    }

    /// <summary>Console errors, uncaught exceptions and failed requests (HTTP errors included) since the page opened.</summary>
    public IReadOnlyList<string> Errors => [.. errors];

    internal async Task InitialiseAsync(int width, int height)
    {
        await Send("Page.enable");
        await Send("Runtime.enable");
        await Send("Log.enable");
        await Send("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = width < 600 });
    }

    void OnEvent(string method, string? sessionId, JsonObject data)
    {
        if (sessionId != session) return;
        switch (method)
        {
            case "Page.loadEventFired":
                loaded.TrySetResult();
                break;
            case "Runtime.exceptionThrown":
                var details = data["exceptionDetails"];
                errors.Enqueue("uncaught: " + (details?["exception"]?["description"] ?? details?["text"]));
                break;
            case "Runtime.consoleAPICalled" when Text(data["type"]) == "error":
                var args = data["args"]!.AsArray().Select(a => a?["value"]?.ToString() ?? a?["description"]?.ToString());
                errors.Enqueue("console.error: " + string.Join(" ", args));
                break;
            case "Log.entryAdded" when Text(data["entry"]?["level"]) == "error":
                var entry = data["entry"]!;
                errors.Enqueue($"{entry["source"]}: {entry["text"]} {entry["url"]}");
                break;
        }
    }

    static string? Text(JsonNode? node) => node?.GetValue<string>();

    Task<JsonObject> Send(string method, object? parameters = null) => cdp.SendAsync(method, parameters, session);

    public async Task GoToAsync(string url)
    {
        loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = await Send("Page.navigate", new { url });
        if (answer["errorText"] is { } error) Assert.Fail($"Could not open {url}: {error}");
        await loaded.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async Task<T> EvaluateAsync<T>(string expression)
    {
        var answer = await Send("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true });
        if (answer["exceptionDetails"] is { } ex) throw new InvalidOperationException($"Script failed: {ex.ToJsonString()}");
        var value = answer["result"]?["value"];
        return value is null ? default! : value.Deserialize<T>()!;
    }

    /// <summary>Waits until the script expression is truthy; fails with what `describe` shows about the page then.</summary>
    public async Task WaitForAsync(string expression, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await EvaluateAsync<bool>($"!!({expression})"))
        {
            if (DateTime.UtcNow > deadline)
            {
                var states = await EvaluateAsync<string>(
                    "JSON.stringify([...document.querySelectorAll('[data-state]')].map(s => [s.id, s.dataset.state, s.querySelector('.status')?.textContent]))");
                Assert.Fail($"Timed out after {seconds} s waiting for {what}. Sections: {states}. Errors: {string.Join(" | ", Errors)}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Saves a PNG of the whole page: the viewport is stretched to the page's height first and the charts given a
    /// moment to redraw at that size (a capture beyond the viewport resizes the page and catches canvases cleared).
    /// </summary>
    public async Task ScreenshotAsync(string path, int width, int height)
    {
        var full = Math.Min(await EvaluateAsync<int>("Math.ceil(document.documentElement.scrollHeight)"), 8000);
        await Send("Emulation.setDeviceMetricsOverride", new { width, height = Math.Max(full, height), deviceScaleFactor = 1, mobile = width < 600 });
        await EvaluateAsync<bool>("new Promise(r => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => r(true))), 500))");
        var shot = await Send("Page.captureScreenshot", new { format = "png" });
        await Send("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile = width < 600 });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }

    public async ValueTask DisposeAsync()
    {
        cdp.Event -= OnEvent;
        try
        {
            await cdp.SendAsync("Target.closeTarget", new { targetId }, timeoutSeconds: 5);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }
    }
}
