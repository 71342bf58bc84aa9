using System.Globalization;
using System.Text.Json;
using OpenAccess.Dashboard.Tests.Infrastructure;

namespace OpenAccess.Dashboard.Tests;

/// <summary>The access page's openness cards: per component for one model, and by family on the opening view, against the API.</summary>
public sealed partial class DashboardPageTests
{
    [Theory]
    [InlineData(1400, 900)]
    [InlineData(400, 800)]
    public async Task Access_opening_view_shows_the_openness_of_the_largest_families_as_the_api_counts_them(int width, int height)
    {
        // The Evaluator consumes the import in the background: the page and the API are compared once it holds every model.
        JsonElement stats = default;
        await DashboardHost.WaitUntilAsync(async () =>
        {
            stats = await host.GetWhenReadyAsync("/api/access/openness/stats?by=family&limit=10");
            return stats.GetProperty("models").GetInt32() == DashboardHost.SnapshotModels;
        }, "the Evaluator to hold every imported model", 300);
        var groups = stats.GetProperty("groups").EnumerateArray().ToList();
        await using var page = await OpenAsync("/access.html", width, height);
        await WaitSettledAsync(page, "#openness-families");

        Assert.Equal("ready", await StateAsync(page, "#openness-families"));
        var rows = await page.EvaluateAsync<string[][]>(
            "[...document.querySelectorAll('#openness-families tbody tr')].map(tr => [...tr.children].map(td => td.textContent.trim()))");
        Assert.Equal(groups.Count, rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(groups[i].GetProperty("key").GetString(), rows[i][0]);
            Assert.Equal(groups[i].GetProperty("models").GetInt32().ToString("#,0", CultureInfo.InvariantCulture), rows[i][1]);
            Assert.Equal(Percent(groups[i].GetProperty("classShares").GetProperty("OpenModel").GetDouble()),
                await page.EvaluateAsync<string>($"document.querySelectorAll('#openness-families tbody tr')[{i}].querySelector('[data-column=OpenModel]').textContent.trim()"));
        }

        await FinishAsync(page, "access-openness-families", width, height);
    }

    [Fact]
    public async Task Access_page_shows_each_component_of_phi_2_with_the_status_and_evidence_of_its_profile()
    {
        var openness = (await host.GetWhenReadyAsync($"/api/access/models/{Phi}")).GetProperty("profile").GetProperty("openness");
        await using var page = await OpenAsync($"/access.html?id={Uri.EscapeDataString(Phi)}", 1400, 900);
        await WaitSettledAsync(page, "#openness");

        Assert.Contains("Open Model · 3 of 6 components open", await TextAsync(page, "#openness .content"));
        var rows = await page.EvaluateAsync<string[][]>(
            "[...document.querySelectorAll('#openness tbody tr')].map(tr => [...tr.children].map(td => td.textContent.trim()))");
        var components = openness.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(6, rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(Words(components[i].GetProperty("status").GetString()!), rows[i][1]);
            Assert.Equal(components[i].GetProperty("evidence").GetString(), rows[i][2]);
        }

        Assert.Equal("Open", rows[0][1]); // two .safetensors files, not gated: the Weights row of the usability table says the same
        await FinishAsync(page, "access-openness-phi-2", 1400, 900);
    }

    /// <summary>The page's percentage of a share, no decimals.</summary>
    static string Percent(double share) => Math.Round(share * 100, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + " %";

    /// <summary>The page's words of an enum name: <c>NotFound</c> → <c>Not Found</c>.</summary>
    static string Words(string name) => string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1]) ? " " + c : c.ToString()));
}
