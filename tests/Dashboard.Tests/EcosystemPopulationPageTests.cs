using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Dashboard.Tests.Infrastructure;

namespace OpenAccess.Dashboard.Tests;

/// <summary>
/// The Ecosystem page under a leaderboard population (seed 000's figures over the v1 and v2 tables), each chart's numbers
/// read back from Chart.js and checked against the API's answer; and the families table's filter, dates and note.
/// Screenshots at 1400 and 400 px wide go to artifacts/test-results/screenshots.
/// </summary>
public sealed class EcosystemPopulationPageTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    const string Llama = "meta-llama/Llama-2-7b";
    static readonly string[] Sections = ["#authors", "#new-models", "#architectures", "#concentration", "#benchmarks", "#repositories", "#families"];

    public static TheoryData<string, int, int> Populations => new()
    {
        { "leaderboard-v1", 1400, 900 }, { "leaderboard-v1", 400, 800 },
        { "leaderboard-v2", 1400, 900 }, { "leaderboard-v2", 400, 800 },
    };

    [Theory]
    [MemberData(nameof(Populations))]
    public async Task A_leaderboard_population_draws_seed_000s_figures_as_the_api_answers_them(string population, int width, int height)
    {
        await LeaderboardTables.ImportedAsync(host);
        var quarters = await GetAsync($"/api/lineage/stats/new-models?population={population}&period=quarter");
        var architectures = await GetAsync($"/api/lineage/stats/architectures?population={population}&top=6");
        var gains = await GetAsync($"/api/lineage/stats/benchmark-deltas?population={population}");
        var authors = await GetAsync($"/api/lineage/stats/authors?population={population}&period=month");
        using var concentration = await host.Api.GetAsync($"/api/lineage/stats/concentration?population={population}&period=month&topK=5");

        await using var page = await OpenAsync($"/?population={population}", width, height);
        await WaitSettledAsync(page, Sections);

        Assert.Equal(population, await page.EvaluateAsync<string>("document.querySelector('#filters [name=population]').value"));
        Assert.Contains("Seed 000", await TextAsync(page, "#population-note"));

        // The type mix per quarter: one bar per quarter of the answer, one stack per type, the counts as answered.
        Assert.Equal("ready", await StateAsync(page, "#new-models"));
        var periods = quarters.GetProperty("periods").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(periods.Select(Quarter), await page.EvaluateAsync<string[]>(ChartOf("#new-models") + ".data.labels"));
        var drawn = await page.EvaluateAsync<JsonElement>(ChartOf("#new-models") + ".data.datasets.map(d => d.data)");
        var series = quarters.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(series.Count, drawn.GetArrayLength());
        for (var s = 0; s < series.Count; s++)
            Assert.Equal(Ints(series[s].GetProperty("values")), Ints(drawn[s]));
        if (population == "leaderboard-v1")
        {
            // Seed 000: merges appear on the v1 leaderboard in 2023Q4 and 2024Q1 (none before).
            var merges = Ints(series.Single(s => s.GetProperty("name").GetString() == "merge").GetProperty("values"));
            var first = Array.FindIndex(merges, n => n > 0);
            Assert.Equal("2023-10-01", periods[first]);
            Assert.True(merges[periods.IndexOf("2024-01-01")] > merges[first], "merges did not grow from 2023Q4 to 2024Q1");
        }

        // Architecture shares: each line's count over the week's total, as answered.
        Assert.Equal("ready", await StateAsync(page, "#architectures"));
        var shares = await page.EvaluateAsync<JsonElement>(ChartOf("#architectures") + ".data.datasets.map(d => d.data)");
        var lines = architectures.GetProperty("series").EnumerateArray().Select(l => Ints(l.GetProperty("values"))).ToList();
        var weeks = architectures.GetProperty("weeks").GetArrayLength();
        Assert.Equal(lines.Count, shares.GetArrayLength());
        for (var w = 0; w < weeks; w++)
        {
            var total = lines.Sum(l => l[w]);
            for (var l = 0; l < lines.Count; l++)
                if (total == 0) Assert.Equal(JsonValueKind.Null, shares[l][w].ValueKind);
                else Assert.Equal((double)lines[l][w] / total, shares[l][w].GetDouble(), 12);
        }

        // Gain by size: a bar per bucket with rows, the counts of both groups under it and in the table.
        Assert.Equal("ready", await StateAsync(page, "#benchmarks"));
        var buckets = gains.GetProperty("sizeBuckets").EnumerateArray().Select(b => b.GetString()!).ToList();
        var derived = Ints(gains.GetProperty("derivedRows"));
        var pretrained = Ints(gains.GetProperty("pretrainedRows"));
        var kept = Enumerable.Range(0, buckets.Count).Where(i => derived[i] > 0 || pretrained[i] > 0).ToList();
        var bars = await page.EvaluateAsync<JsonElement>(ChartOf("#benchmarks") + ".data.datasets[0].data");
        var labels = await page.EvaluateAsync<JsonElement>(ChartOf("#benchmarks") + ".data.labels");
        Assert.Equal(kept.Count, bars.GetArrayLength());
        for (var k = 0; k < kept.Count; k++)
        {
            var i = kept[k];
            var gain = gains.GetProperty("groupMeanDelta")[i];
            if (gain.ValueKind == JsonValueKind.Null) Assert.Equal(JsonValueKind.Null, bars[k].ValueKind);
            else Assert.Equal(gain.GetDouble(), bars[k].GetDouble(), 12);
            // Where there is room each bucket's counts stand under its bar; at 400 px they are in the table only.
            if (width >= 1400)
            {
                Assert.Equal(buckets[i], labels[k][0].GetString());
                Assert.Equal($"{Count(derived[i])} vs {Count(pretrained[i])}", labels[k][1].GetString());
            }
            else Assert.Equal(buckets[i], labels[k].GetString());
            var row = $"#benchmarks tr[data-bucket='{buckets[i]}']";
            Assert.Equal(Count(derived[i]), await TextAsync(page, $"{row} [data-column=derived]"));
            Assert.Equal(Count(pretrained[i]), await TextAsync(page, $"{row} [data-column=pretrained]"));
        }
        Assert.Equal(gains.GetProperty("pairs").ValueKind == JsonValueKind.Array ? 2 : 1,
            await page.EvaluateAsync<int>(ChartOf("#benchmarks") + ".data.datasets.length"));

        Assert.Equal(Ints(authors.GetProperty("totalAuthors")), Ints(await page.EvaluateAsync<JsonElement>(ChartOf("#authors") + ".data.datasets[0].data")));

        // Concentration: drawn where the table names bases (v2); where it names none (v1) the API answers 400 and the card says why.
        if (concentration.IsSuccessStatusCode)
        {
            var answer = await concentration.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("ready", await StateAsync(page, "#concentration"));
            var hhi = await page.EvaluateAsync<JsonElement>(ChartOf("#concentration") + ".data.datasets[0].data");
            Assert.Equal(answer.GetProperty("herfindahl").EnumerateArray().Select(v => v.GetDouble()), hhi.EnumerateArray().Select(v => v.GetDouble()));
        }
        else
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, concentration.StatusCode);
            var detail = (await concentration.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.Equal("not-applicable", await StateAsync(page, "#concentration"));
            Assert.Contains(detail, await TextAsync(page, "#concentration .status"));
            Assert.True(await page.EvaluateAsync<bool>("document.querySelector('#concentration .chart-box').hidden"), "an empty chart is shown");
        }

        await FinishAsync(page, $"ecosystem-{population}", width, height, allowedFailure: concentration.IsSuccessStatusCode ? null : "/stats/concentration");
    }

    [Fact]
    public async Task The_population_selector_is_kept_in_the_address_and_redraws_the_page()
    {
        await LeaderboardTables.ImportedAsync(host);
        await using var page = await OpenAsync("/", 1400, 900);
        await WaitSettledAsync(page, Sections);
        Assert.Equal("hub", await page.EvaluateAsync<string>("document.querySelector('#filters [name=population]').value"));
        Assert.Equal("New models per week by type", await TextAsync(page, "#new-models > h2"));

        await page.EvaluateAsync<bool>("(s => { s.value = 'leaderboard-v2'; s.dispatchEvent(new Event('change')); return true; })(document.querySelector('#filters [name=population]'))");
        await page.WaitForAsync("document.querySelector('#new-models > h2').textContent === 'Type mix per quarter'", "the page to switch population");
        await WaitSettledAsync(page, Sections);

        Assert.Equal("leaderboard-v2", await page.EvaluateAsync<string>("new URLSearchParams(location.search).get('population')"));
        var quarters = await GetAsync("/api/lineage/stats/new-models?population=leaderboard-v2&period=quarter");
        Assert.Equal(quarters.GetProperty("periods").GetArrayLength(), await page.EvaluateAsync<int>(ChartOf("#new-models") + ".data.labels.length"));
        Assert.Empty(page.Errors);
    }

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(400, 800)]
    public async Task The_families_table_follows_the_family_filter_and_says_why_three_columns_are_zero(int width, int height)
    {
        var family = await GetAsync($"/api/lineage/families/{Llama}");
        var top = await GetAsync("/api/lineage/families?limit=10");
        Assert.True(top.GetArrayLength() > 1, "the filter would not be seen to filter");
        await using var page = await OpenAsync($"/?family={Uri.EscapeDataString(Llama)}", width, height);
        await WaitSettledAsync(page, "#families");

        Assert.Equal("ready", await StateAsync(page, "#families"));
        Assert.Equal([Llama], await page.EvaluateAsync<string[]>("[...document.querySelectorAll('#families tbody tr')].map(r => r.dataset.family)"));
        Assert.Equal(Count(family.GetProperty("derivatives").GetInt32()), await TextAsync(page, "#families tbody [data-column=derivatives]"));
        // The bundled crawl followed fine-tune children only: the page says so where those columns are 0.
        foreach (var relation in new[] { "Adapter", "Quantized", "Merge" })
            Assert.Equal(0, family.GetProperty("byRelation").GetProperty(relation).GetInt32());
        Assert.Contains("because of the crawl", await TextAsync(page, "#families .note:last-of-type"));
        if (width >= 1400)
            // A date is one line: its text makes one box.
            Assert.Equal(1, await page.EvaluateAsync<int>(
                "(td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length; })(document.querySelector('#families tbody td:nth-child(3)'))"));

        await FinishAsync(page, "ecosystem-family-filter", width, height);
    }

    async Task<JsonElement> GetAsync(string path) => await host.GetWhenReadyAsync(path);

    static string ChartOf(string section) => $"Chart.getChart(document.querySelector('{section} canvas'))";

    static string Quarter(string firstDay) => $"{firstDay[..4]} Q{(int.Parse(firstDay[5..7]) - 1) / 3 + 1}";

    /// <summary>A count as the page formats it (en-GB: 1,221).</summary>
    static string Count(int n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    static int[] Ints(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    async Task<Page> OpenAsync(string path, int width, int height)
    {
        var page = await host.Browser.NewPageAsync(width, height);
        await page.GoToAsync(host.BaseUrl + path);
        return page;
    }

    static async Task WaitSettledAsync(Page page, params string[] sections)
    {
        foreach (var s in sections)
            await page.WaitForAsync($"(e => e && ['ready','empty','error','not-applicable'].includes(e.dataset.state))(document.querySelector('{s}'))", $"{s} to finish loading", 120);
    }

    static Task<string> StateAsync(Page page, string section) => page.EvaluateAsync<string>($"document.querySelector('{section}').dataset.state");

    static Task<string> TextAsync(Page page, string selector) => page.EvaluateAsync<string>($"document.querySelector(\"{selector}\")?.textContent.trim() ?? ''");

    /// <summary>Screenshot; no errors but the one failed request the page is expected to make (a 400 the card explains).</summary>
    static async Task FinishAsync(Page page, string name, int width, int height, string? allowedFailure = null)
    {
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        await page.ScreenshotAsync(Path.Combine(DashboardHost.ScreenshotDirectory, $"{name}-{width}x{height}.png"), width, height);
        var errors = page.Errors.Where(e => allowedFailure is null || !(e.Contains(allowedFailure) && e.Contains("400"))).ToList();
        Assert.True(errors.Count == 0, $"The page reported errors: {string.Join(" | ", errors)}");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the {width} px viewport.");
    }
}
