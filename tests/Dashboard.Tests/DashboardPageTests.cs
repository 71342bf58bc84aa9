using System.Globalization;
using System.Text.Json;
using OpenAccess.Dashboard.Tests.Infrastructure;

namespace OpenAccess.Dashboard.Tests;

/// <summary>
/// Each dashboard page in headless Chromium against the Standalone host with the bundled snapshot: the page loads
/// without console errors or failed requests, draws its charts from data, and shows the figures the APIs give.
/// Screenshots at 1280×800 and 400×800 go to artifacts/test-results/screenshots.
/// </summary>
public sealed partial class DashboardPageTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    const string Llama = "meta-llama/Llama-2-7b";
    const string Phi = "microsoft/phi-2";
    // The bundled crawl (services/Standalone/Seed) lists 32 fine-tunes of meta-llama/Llama-2-7b.
    const int LlamaFinetuneChildrenInSnapshot = 32;

    public static TheoryData<int, int> Sizes => new() { { 1280, 800 }, { 400, 800 } };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Ecosystem_page_draws_every_chart_from_the_statistics(int width, int height)
    {
        await host.GetWhenReadyAsync($"/api/lineage/models/{Llama}");
        var deltas = await host.GetWhenReadyAsync("/api/lineage/stats/benchmark-deltas");
        await using var page = await OpenAsync("/", width, height);

        await WaitSettledAsync(page, "#authors", "#new-models", "#architectures", "#concentration", "#repositories", "#benchmarks", "#families");
        foreach (var chart in new[] { "#authors", "#new-models", "#architectures", "#concentration", "#repositories" })
        {
            Assert.Equal("ready", await StateAsync(page, chart));
            Assert.True(await page.EvaluateAsync<int>($"+document.querySelector('{chart} canvas').dataset.points") > 0, $"{chart} draws no points");
        }
        var pairs = deltas.GetProperty("pairs").EnumerateArray().Sum(p => p.GetInt32());
        Assert.Equal(pairs > 0 ? "ready" : "empty", await StateAsync(page, "#benchmarks"));
        Assert.Contains(Llama, await page.EvaluateAsync<string[]>("[...document.querySelectorAll('#families td a')].map(a => a.textContent)"));
        await FinishAsync(page, "ecosystem", width, height);
    }

    [Fact]
    public async Task Ecosystem_page_draws_a_bar_for_a_count_of_one_and_the_hhi_on_an_axis_of_its_own()
    {
        var repositories = await host.GetWhenReadyAsync("/api/lineage/stats/repositories-per-author");
        Assert.Contains(repositories.GetProperty("authors").EnumerateArray(), a => a.GetInt64() == 1);
        await using var page = await OpenAsync("/", 1280, 800);
        await WaitSettledAsync(page, "#repositories", "#concentration");

        // Every bar of the log-scale chart has a height, those of a single author included.
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "Chart.getChart(document.querySelector('#repositories canvas')).getDatasetMeta(0).data.filter(b => Math.abs(b.base - b.y) < 1).length"));
        // The HHI (an index from 0 to 1) is on the right axis, the shares on the left one in per cent.
        Assert.Equal("y1", await page.EvaluateAsync<string>(
            "Chart.getChart(document.querySelector('#concentration canvas')).data.datasets.find(d => d.label.startsWith('HHI')).yAxisID"));
        Assert.Equal("Share of derivatives (%)", await page.EvaluateAsync<string>(
            "Chart.getChart(document.querySelector('#concentration canvas')).options.scales.y.title.text"));
        Assert.Empty(page.Errors);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Model_page_shows_the_children_counts_the_lineage_api_reports(int width, int height)
    {
        var answer = await host.GetWhenReadyAsync($"/api/lineage/models/{Llama}");
        var finetunes = answer.TryGetProperty("graph", out var graph)
            ? graph.GetProperty("children").GetProperty("finetune").GetInt32()
            : answer.GetProperty("children").EnumerateArray().Count(c => c.GetProperty("relation").GetString() == "Finetune");
        Assert.Equal(LlamaFinetuneChildrenInSnapshot, finetunes);
        var total = answer.GetProperty("childrenTotal").GetInt64();

        await using var page = await OpenAsync($"/model.html?id={Uri.EscapeDataString(Llama)}", width, height);

        await WaitSettledAsync(page, "#summary", "#children-counts", "#lineage");
        Assert.Equal("ready", await StateAsync(page, "#children-counts"));
        Assert.Equal(finetunes.ToString(CultureInfo.InvariantCulture), await TextAsync(page, "#children-counts [data-relation=finetune] .value"));
        Assert.Equal(total.ToString(CultureInfo.InvariantCulture), await TextAsync(page, "#children-counts [data-relation=total] .value"));
        Assert.True(await page.EvaluateAsync<int>("+document.querySelector('#children-counts canvas').dataset.points") > 0);
        Assert.Equal(total, await page.EvaluateAsync<long>("document.querySelectorAll('#lineage .tree-root li[role=treeitem]').length"));
        Assert.Equal(finetunes, await page.EvaluateAsync<int>("document.querySelectorAll('#lineage .tree-root li.finetune').length"));
        Assert.Contains("base model", await TextAsync(page, "#lineage .ancestors"));
        await FinishAsync(page, "model", width, height);
    }

    [Fact]
    public async Task Model_page_of_a_fine_tune_links_up_to_its_base()
    {
        var answer = await host.GetWhenReadyAsync($"/api/lineage/models/{Llama}");
        var child = answer.GetProperty("children")[0].GetProperty("id").GetString()!;
        await using var page = await OpenAsync($"/model.html?id={Uri.EscapeDataString(child)}", 1280, 800);

        await WaitSettledAsync(page, "#summary", "#lineage");
        Assert.Contains(Llama, await page.EvaluateAsync<string[]>("[...document.querySelectorAll('#lineage .ancestors a')].map(a => a.textContent)"));
        // The summary's Parents row: the relation and a link to the base, never the text of an array of elements.
        var parents = await page.EvaluateAsync<string>(
            "[...document.querySelectorAll('#summary dt')].find(dt => dt.textContent === 'Parents').nextElementSibling.textContent");
        Assert.DoesNotContain("[object", parents);
        Assert.Contains(Llama, parents);
        Assert.Contains(Llama, await page.EvaluateAsync<string[]>(
            "[...[...document.querySelectorAll('#summary dt')].find(dt => dt.textContent === 'Parents').nextElementSibling.querySelectorAll('a')].map(a => a.textContent)"));
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Unknown_model_shows_the_problem_details_text_of_the_api()
    {
        using var response = await host.Api.GetAsync("/api/lineage/models/nobody/nothing-here");
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        await using var page = await OpenAsync("/model.html?id=nobody%2Fnothing-here", 1280, 800);

        await WaitSettledAsync(page, "#summary");
        Assert.Equal("error", await StateAsync(page, "#summary"));
        Assert.Contains(detail, await TextAsync(page, "#summary .status"));
        Assert.Equal("alert", await page.EvaluateAsync<string>("document.querySelector('#summary .status').getAttribute('role')"));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Family_page_draws_the_series_the_fit_and_the_forecast_band(int width, int height)
    {
        var fit = (await host.GetWhenReadyAsync($"/api/fitting/fits/{Llama}", 180)).GetProperty("fit");
        await using var page = await OpenAsync($"/family.html?id={Uri.EscapeDataString(Llama)}", width, height);

        await WaitSettledAsync(page, "#curve", "#parameters", "#outlier", "#organisations");
        Assert.Equal("ready", await StateAsync(page, "#curve"));
        Assert.True(await page.EvaluateAsync<int>("+document.querySelector('#curve canvas').dataset.points") > 0);
        var text = await TextAsync(page, "#parameters");
        if (fit.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            Assert.Contains(p.GetProperty("lambda").GetDouble().ToString("#,0.###", CultureInfo.InvariantCulture), text);
            Assert.True(await page.EvaluateAsync<int>("+document.querySelector('#curve canvas').dataset.series") >= 2, "no fitted curve drawn");
        }
        var outliers = fit.GetProperty("outliers").GetArrayLength();
        Assert.Contains(outliers > 0 ? "Outlier" : "Not an outlier", await TextAsync(page, "#outlier"));
        await FinishAsync(page, "family", width, height);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Family_page_of_a_fit_on_a_bound_warns_and_keeps_the_observations_readable(int width, int height)
    {
        // gemma-7b's λ ends on its cap of 20 in the bundled snapshot; its forecast band reaches about twenty times the observations.
        const string Gemma = "google/gemma-7b";
        var answer = await host.GetWhenReadyAsync($"/api/fitting/fits/{Gemma}", 180);
        Assert.Equal("AtBound", answer.GetProperty("fit").GetProperty("status").GetString());
        var observedMax = answer.GetProperty("series").GetProperty("months").EnumerateArray().Max(m => m.GetProperty("cumulativeDerivatives").GetInt32());
        await using var page = await OpenAsync($"/family.html?id={Uri.EscapeDataString(Gemma)}", width, height);

        await WaitSettledAsync(page, "#curve", "#parameters", "#outlier");
        Assert.Equal("AtBound", await page.EvaluateAsync<string>("document.querySelector('#parameters [data-status]').dataset.status"));
        Assert.Equal("At Bound", await TextAsync(page, "#parameters .flag.warn"));
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('#parameters .flag.good').length"));
        Assert.Contains("λ at its upper bound 20", await TextAsync(page, "#curve .forecast-note"));
        Assert.Contains("Forecast unreliable", await TextAsync(page, "#curve .forecast-note"));
        // Without asking, the forecast is not drawn and the axis follows the observations and the fitted curve.
        Assert.Equal("hidden", await page.EvaluateAsync<string>("document.querySelector('#curve canvas').dataset.forecast"));
        Assert.True(await YAxisTopAsync(page) < observedMax * 1.5, "the y-axis reaches past 1.5× the observations with no forecast drawn");
        await page.ScreenshotAsync(Path.Combine(DashboardHost.ScreenshotDirectory, $"family-at-bound-{width}x{height}.png"), width, height);

        await page.EvaluateAsync<bool>("(document.querySelector('#curve .forecast-note input').click(), true)");

        Assert.Equal("unreliable", await page.EvaluateAsync<string>("document.querySelector('#curve canvas').dataset.forecast"));
        Assert.Equal(Math.Ceiling(observedMax * 1.5), await YAxisTopAsync(page));
        Assert.Contains("unreliable", await page.EvaluateAsync<string>("Chart.getChart(document.querySelector('#curve canvas')).data.datasets.find(d => d.label.startsWith('Forecast')).label"));
        await FinishAsync(page, "family-at-bound-forecast", width, height);
    }

    [Fact]
    public async Task A_missing_family_after_the_first_start_names_the_run_its_consumers_stored()
    {
        // The start-up run of the Hub snapshot: the bundled leaderboard tables, imported after it, publish rows and no model.
        var run = (await host.GetWhenReadyAsync("/api/harvest/runs")).EnumerateArray()
            .First(r => r.GetProperty("trigger").GetString() == "startup" && r.GetProperty("published").GetInt32() > 0);

        using var response = await host.Api.GetAsync("/api/fitting/fits/nobody/nothing-here");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Contains("was stored by every consumer at", problem.GetProperty("detail").GetString());
        Assert.Equal(run.GetProperty("id").GetString(), problem.GetProperty("firstStart").GetProperty("runId").GetString());
        Assert.Equal(DashboardHost.SnapshotModels, problem.GetProperty("firstStart").GetProperty("published").GetInt32());
    }

    [Fact]
    public async Task First_start_banner_says_how_far_the_import_and_the_fits_have_got()
    {
        await using var page = await OpenAsync("/family.html", 1400, 900);
        await page.WaitForAsync("['importing','storing','fitting','done'].includes(document.querySelector('#first-start')?.dataset.stage)", "the first-start banner to decide");

        // The banner's words for each stage of a first start, from runs in the shape GET /api/harvest/runs gives them.
        const string Describe = """
            (async () => {
              const { describe } = await import('./js/first-start.js');
              const consumer = (name, stored, caughtUpAt) => ({ name, messageType: 'ModelDiscovered', stored, published: 1284, caughtUpAt });
              const run = (status, consumers) => [{ id: 'r1', name: 'hub.jsonl.gz', trigger: 'startup', status, published: 1284, consumers }];
              const now = Date.parse('2026-01-01T00:01:00Z');
              return JSON.stringify([
                describe(run('running', [consumer('lineage-model-discovered', 300, null)]), 6, 0, now),
                describe(run('completed', [consumer('lineage-model-discovered', 900, null)]), 6, 0, now),
                describe(run('completed', [consumer('lineage-model-discovered', 1284, '2026-01-01T00:00:30Z')]), 6, 2, now),
                describe(run('completed', [consumer('lineage-model-discovered', 1284, '2026-01-01T00:00:30Z')]), 6, 6, now),
                describe([{ ...run('running', [])[0], trigger: 'request' }], 6, 0, now),
                // The bundled leaderboard tables, imported after the snapshot at start-up, publish rows and no model.
                describe([{ id: 'r2', name: 'leaderboard.csv.gz', trigger: 'startup', status: 'completed', published: 0, benchmarksPublished: 3584,
                  consumers: [{ name: 'lineage-benchmark-updated', messageType: 'BenchmarkUpdated', stored: 3584, published: 3584, caughtUpAt: '2026-01-01T00:00:20Z' }] },
                  ...run('completed', [consumer('lineage-model-discovered', 900, null)])], 6, 0, now),
              ].map(d => d?.text ?? null));
            })()
            """;
        var texts = JsonSerializer.Deserialize<string?[]>(await page.EvaluateAsync<string>(Describe))!;

        Assert.Equal("First start: importing hub.jsonl.gz: 1,284 models published so far; stored: lineage-model-discovered 300 of 1,284.", texts[0]);
        Assert.Equal("First start: hub.jsonl.gz imported (1,284 models) and still being stored: lineage-model-discovered 900 of 1,284.", texts[1]);
        Assert.Equal("First start: every model is stored; fitting the families' adoption: 2 of 6 fitted.", texts[2]);
        Assert.Null(texts[3]);
        Assert.Null(texts[4]);
        Assert.Equal(texts[1], texts[5]);
        // How a page looks while the import is being stored (the banner given the second state above).
        await page.EvaluateAsync<bool>("""
            import('./js/first-start.js').then(m => (m.show(document.querySelector('#first-start'), { stage: 'storing', runId: 'r1',
              text: 'First start: hub.jsonl.gz imported (1,284 models) and still being stored: lineage-model-discovered 900 of 1,284.' }), true))
            """);
        Assert.Contains("900 of 1,284", await TextAsync(page, "#first-start"));
        await page.ScreenshotAsync(Path.Combine(DashboardHost.ScreenshotDirectory, "first-start-banner-1400x900.png"), 1400, 900);

        // On this host the import was stored before the tests began: once every family is fitted the banner is gone.
        await DashboardHost.WaitUntilAsync(async () =>
        {
            var families = (await host.GetWhenReadyAsync("/api/lineage/families?limit=1000")).EnumerateArray().Count(f => f.GetProperty("releasedAt").ValueKind == JsonValueKind.String);
            return (await host.GetWhenReadyAsync("/api/fitting/fits?limit=1")).GetProperty("total").GetInt32() >= families;
        }, "every family to be fitted", 300);
        await using var settled = await OpenAsync("/", 1400, 900);
        await settled.WaitForAsync("['importing','storing','fitting','done'].includes(document.querySelector('#first-start')?.dataset.stage)", "the first-start banner to decide");
        Assert.Equal("done", await settled.EvaluateAsync<string>("document.querySelector('#first-start').dataset.stage"));
        Assert.True(await settled.EvaluateAsync<bool>("document.querySelector('#first-start').hidden"));
    }

    static Task<double> YAxisTopAsync(Page page) =>
        page.EvaluateAsync<double>("Chart.getChart(document.querySelector('#curve canvas')).scales.y.max");

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Access_page_shows_the_memory_figures_of_the_access_api(int width, int height)
    {
        var profile = (await host.GetWhenReadyAsync($"/api/access/models/{Phi}")).GetProperty("profile");
        await using var page = await OpenAsync($"/access.html?id={Uri.EscapeDataString(Phi)}", width, height);

        await WaitSettledAsync(page, "#profile", "#memory", "#resourcing", "#usability", "#whatif", "#kv");
        Assert.Equal("ready", await StateAsync(page, "#memory"));
        Assert.True(await page.EvaluateAsync<int>("+document.querySelector('#memory canvas').dataset.points") > 0);
        foreach (var row in profile.GetProperty("resourcing").EnumerateArray())
        {
            var precision = row.GetProperty("precision").GetString();
            foreach (var figure in new[] { "weights", "overhead", "total" })
            {
                var memory = row.GetProperty("memory").GetProperty(figure);
                var cell = $"#memory [data-precision={precision}][data-figure={figure}]";
                Assert.Equal(memory.GetProperty("bytes").GetInt64().ToString(CultureInfo.InvariantCulture), await page.EvaluateAsync<string>($"document.querySelector('{cell}').dataset.bytes"));
                Assert.Equal(Gigabytes(memory.GetProperty("gigabytes").GetDouble()), await TextAsync(page, cell));
            }
        }
        Assert.Equal("ready", await StateAsync(page, "#whatif"));
        Assert.Equal("ready", await StateAsync(page, "#resourcing"));
        await FinishAsync(page, "access", width, height);
    }

    public static TheoryData<int, int> RunSizes => new() { { 1400, 900 }, { 400, 800 } };

    [Theory]
    [MemberData(nameof(RunSizes))]
    public async Task Runs_page_shows_how_far_each_consumer_has_stored_the_import(int width, int height)
    {
        // The Hub snapshot's run (the leaderboard tables imported after it are newer and publish no models).
        var id = (await host.GetWhenReadyAsync("/api/harvest/runs")).EnumerateArray()
            .First(r => r.GetProperty("published").GetInt32() == DashboardHost.SnapshotModels).GetProperty("id").GetString()!;
        JsonElement run = default;
        await DashboardHost.WaitUntilAsync(async () =>
        {
            run = await host.GetWhenReadyAsync($"/api/harvest/runs/{id}");
            var consumers = run.GetProperty("consumers").EnumerateArray().ToList();
            return consumers.Count(c => c.GetProperty("messageType").GetString() == "ModelDiscovered") == 2
                && consumers.All(c => c.GetProperty("caughtUpAt").ValueKind == JsonValueKind.String);
        }, "each consumer of the import to catch up");

        await using var page = await OpenAsync($"/runs.html?id={Uri.EscapeDataString(id)}", width, height);

        await WaitSettledAsync(page, "#run", "#runs");
        Assert.Equal("ready", await StateAsync(page, "#run"));
        var models = DashboardHost.SnapshotModels.ToString("#,0", CultureInfo.InvariantCulture);
        foreach (var consumer in new[] { "lineage-models-discovered", "evaluator-models-discovered" })
        {
            Assert.Equal($"{models} / {models} stored", await TextAsync(page, $"#run [data-consumer={consumer}] .stored"));
            Assert.Equal("true", await page.EvaluateAsync<string>($"document.querySelector('#run [data-consumer={consumer}]').dataset.caughtUp"));
        }
        Assert.Equal(run.GetProperty("consumers").GetArrayLength(), await page.EvaluateAsync<int>("document.querySelectorAll('#run li.consumer').length"));
        Assert.Contains("all caught up", await TextAsync(page, "#runs tbody"));
        await FinishAsync(page, "runs", width, height);
    }

    /// <summary>The page's GB format: two decimals under 10 GB, one above, trailing zeros dropped.</summary>
    static string Gigabytes(double gb) =>
        Math.Round((decimal)gb, gb < 10 ? 2 : 1, MidpointRounding.AwayFromZero).ToString("#,0.##", CultureInfo.InvariantCulture) + " GB";

    async Task<Page> OpenAsync(string path, int width, int height)
    {
        var page = await host.Browser.NewPageAsync(width, height);
        await page.GoToAsync(host.BaseUrl + path);
        return page;
    }

    static async Task WaitSettledAsync(Page page, params string[] sections)
    {
        foreach (var s in sections)
            await page.WaitForAsync($"(e => e && ['ready','empty','error'].includes(e.dataset.state))(document.querySelector('{s}'))", $"{s} to finish loading", 120);
    }

    static Task<string> StateAsync(Page page, string section) => page.EvaluateAsync<string>($"document.querySelector('{section}').dataset.state");

    static Task<string> TextAsync(Page page, string selector) => page.EvaluateAsync<string>($"document.querySelector('{selector}')?.textContent.trim() ?? ''");

    static async Task FinishAsync(Page page, string name, int width, int height)
    {
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        await page.ScreenshotAsync(Path.Combine(DashboardHost.ScreenshotDirectory, $"{name}-{width}x{height}.png"), width, height);
        Assert.True(page.Errors.Count == 0, $"The page reported errors: {string.Join(" | ", page.Errors)}");
        Assert.True(overflow <= 0, $"The page is {overflow} px wider than the {width} px viewport.");
    }
}
