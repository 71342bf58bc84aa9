using System.Text.Json;

namespace OpenAccess.Dashboard.Tests;

/// <summary>The Model and Access pages opened with no model: the largest families, the most downloaded and the newest, as the API lists them.</summary>
public sealed partial class DashboardPageTests
{
    [Theory]
    [InlineData("/model.html", "model.html?id=", 1280, 800)]
    [InlineData("/access.html", "access.html?id=", 1280, 800)]
    [InlineData("/model.html", "model.html?id=", 400, 800)]
    public async Task A_page_opened_without_a_model_lists_families_and_models_to_browse(string path, string linkPrefix, int width, int height)
    {
        var families = (await host.GetWhenReadyAsync("/api/lineage/families?limit=8")).EnumerateArray().Select(f => f.GetProperty("familyId").GetString()!).ToArray();
        var downloaded = Ids(await host.GetWhenReadyAsync("/api/lineage/search?sort=downloads&limit=8"));
        var newest = Ids(await host.GetWhenReadyAsync("/api/lineage/search?sort=newest&limit=8"));
        Assert.NotEmpty(families);
        Assert.Equal(8, downloaded.Length);
        Assert.Equal(8, newest.Length);

        await using var page = await OpenAsync(path, width, height);
        await WaitSettledAsync(page, "#browse-families", "#browse-downloads", "#browse-newest");

        foreach (var (section, expected) in new[] { ("#browse-families", families), ("#browse-downloads", downloaded), ("#browse-newest", newest) })
        {
            Assert.Equal("ready", await StateAsync(page, section));
            Assert.Equal(expected, await page.EvaluateAsync<string[]>($"[...document.querySelectorAll('{section} li a')].map(a => a.textContent)"));
            Assert.All(await page.EvaluateAsync<string[]>($"[...document.querySelectorAll('{section} li a')].map(a => a.getAttribute('href'))"),
                href => Assert.StartsWith(linkPrefix, href));
        }

        await FinishAsync(page, $"landing-{path.Trim('/').Replace(".html", "")}", width, height);
    }

    static string[] Ids(JsonElement models) => [.. models.EnumerateArray().Select(m => m.GetProperty("id").GetString()!)];
}
