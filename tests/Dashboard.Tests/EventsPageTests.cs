using Microsoft.AspNetCore.Builder;
using OpenAccess.Dashboard.Tests.Infrastructure;
using OpenAccess.Standalone;

namespace OpenAccess.Dashboard.Tests;

/// <summary>
/// events.html renders the AsyncAPI document (/asyncapi.json) with the vendored @asyncapi/react-component viewer, in headless
/// Chromium against the Standalone host. The page needs no data, so the host starts without the bundled snapshot.
/// Screenshot: artifacts/test-results/screenshots/events-1280x2400.png.
/// </summary>
public sealed class EventsPageTests : IAsyncLifetime
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-events-page-").FullName;
    WebApplication app = null!;
    Browser browser = null!;

    public async ValueTask InitializeAsync()
    {
        app = StandaloneHost.Build(["--urls", "http://127.0.0.1:0", $"--OpenAccess:DataDirectory={data}", "--OpenAccess:Harvester:Seed=", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        browser = await Browser.LaunchAsync();
    }

    [Fact]
    public async Task The_events_page_renders_every_event_its_exchange_and_its_example()
    {
        await using var page = await browser.NewPageAsync(1280, 2400);
        await page.GoToAsync(app.Urls.First().TrimEnd('/') + "/events.html");
        await page.WaitForAsync("(e => e && ['ready','error'].includes(e.dataset.state))(document.querySelector('#events'))", "the AsyncAPI viewer to render", 90);
        Directory.CreateDirectory(DashboardHost.ScreenshotDirectory);
        await page.ScreenshotAsync(Path.Combine(DashboardHost.ScreenshotDirectory, "events-1280x2400.png"), 1280, 2400);

        Assert.Equal("ready", await page.EvaluateAsync<string>("document.querySelector('#events').dataset.state"));
        var text = await page.EvaluateAsync<string>("document.querySelector('#asyncapi').innerText");
        Assert.Contains("OpenAccess events", text);
        foreach (var name in (string[])["ModelDiscovered", "ModelsDiscovered", "BenchmarkUpdated", "FamilyAdoptionChanged", "AdoptionForecastUpdated", "AccessProfileUpdated", "HarvestRunProgress"])
        {
            Assert.Contains($"OpenAccess.Contracts:{name}", text); // the exchange, as the operation's channel
        }

        Assert.Contains("Examples", text);
        // The viewer reports a document it cannot parse or validate in place of the operations; none here.
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('#asyncapi .aui-error, #asyncapi [class*=\"error\"] pre').length"));
        Assert.Empty(page.Errors);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        await app.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}
