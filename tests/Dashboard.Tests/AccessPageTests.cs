using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Dashboard.Tests.Infrastructure;

namespace OpenAccess.Dashboard.Tests;

/// <summary>The access page's round-two inputs and readings: a deployment plan and an energy utilisation in the what-if, MoE and licence read right.</summary>
public sealed partial class DashboardPageTests
{
    const string Scout = "meta-llama/Llama-4-Scout-17B-16E";

    [Fact]
    public async Task Access_page_shows_Llama_4_Scout_as_a_mixture_of_experts_under_the_Llama_4_licence_and_INT8_above_FP8_with_why()
    {
        var profile = (await host.GetWhenReadyAsync($"/api/access/models/{Scout}")).GetProperty("profile");
        await using var page = await OpenAsync($"/access.html?id={Uri.EscapeDataString(Scout)}", 1280, 800);
        await WaitSettledAsync(page, "#profile", "#memory", "#resourcing", "#usability", "#whatif");

        var usability = await TextAsync(page, "#usability");
        var active = profile.GetProperty("parameters").GetProperty("active").GetInt64();
        var total = profile.GetProperty("parameters").GetProperty("total").GetInt64();
        // Shown in whole billions above 10 B: "17 B of 109 B".
        Assert.Contains($"{Billions(active)} of {Billions(total)}: mixture of 16 experts, read from the name (\"17B-16E\"), nominal", usability);
        Assert.Equal(("17 B", "109 B"), (Billions(active), Billions(total)));
        Assert.DoesNotContain("all (dense)", usability);
        Assert.Contains("Llama 4 Community License: an acceptable-use policy", usability);
        Assert.Contains("license: other; license_name: llama4", usability);
        Assert.DoesNotContain("Unknown", await TextAsync(page, "#profile .figures"));

        // Rows by bits per weight: INT8 (8.19) above FP8 (8.002), and the page says why.
        var order = await page.EvaluateAsync<string[]>("[...document.querySelectorAll('#memory tbody tr td:first-child')].map(td => td.textContent)");
        Assert.True(Array.IndexOf(order, "INT8") < Array.IndexOf(order, "FP8"), string.Join(",", order));
        Assert.Contains("INT8 needs slightly more than FP8", await TextAsync(page, "#int8-note"));
        Assert.Contains("full TDP for 100 % of the year", await TextAsync(page, "#energy-basis"));
        await FinishAsync(page, "access-scout", 1280, 800);
    }

    [Fact]
    public async Task Access_what_if_takes_a_plan_and_an_energy_utilisation_and_shows_the_answer_of_the_api()
    {
        await host.GetWhenReadyAsync($"/api/access/models/{Phi}");
        using var response = await host.Api.PostAsJsonAsync("/api/access/what-if",
            new { modelId = Phi, precision = "bf16", batchSize = 1, tensorParallel = 2, pipelineParallel = 2, energyUtilisation = 0.5m, gpuId = "h100-sxm-80gb", regionId = "us-average" });
        var expected = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, expected.ToString());
        await using var page = await OpenAsync($"/access.html?id={Uri.EscapeDataString(Phi)}", 1280, 800);
        await WaitSettledAsync(page, "#whatif");

        await page.EvaluateAsync<bool>("""
            (f => { f.elements.tensorParallel.value = '2'; f.elements.pipelineParallel.value = '2'; f.elements.energyUtilisation.value = '50';
                    f.elements.gpuId.value = 'h100-sxm-80gb'; f.elements.regionId.value = 'us-average'; f.requestSubmit(); return true; })(document.querySelector('#whatif-form'))
            """);
        await page.WaitForAsync("document.querySelector('#whatif .content').textContent.includes('tensor-parallel 2 × pipeline-parallel 2')", "the what-if to show the plan");

        var text = await TextAsync(page, "#whatif .content");
        Assert.Contains("= 4 GPUs (your plan)", text);
        Assert.Contains("full TDP for 50 % of the year", text);
        var energy = expected.GetProperty("energyPerYear").GetProperty("cost").GetProperty("cost").GetDecimal();
        Assert.Contains("$" + Math.Round(energy, 0, MidpointRounding.AwayFromZero).ToString("#,0", CultureInfo.InvariantCulture), text);
        Assert.Contains(Gigabytes(expected.GetProperty("memoryPerGpu").GetProperty("total").GetProperty("gigabytes").GetDouble()) + " of 80 GB", text);
        await FinishAsync(page, "access-what-if-plan", 1280, 800);
    }

    [Theory]
    [InlineData(1400, 900)]
    [InlineData(400, 900)]
    public async Task Access_page_of_a_fine_tune_of_a_bundled_root_draws_its_KV_cache_from_the_roots_bundled_config_json(int width, int height)
    {
        // A fine-tune of microsoft/phi-2 without a config of its own; the root's config.json is bundled (Seed/configs), so at the
        // first start, offline, the card draws the root's shape: 2 (key, value) × layers × KV heads × head dimension × 2 bytes (BF16).
        const string fineTune = "malhajar/phi-2-meditron";
        using var config = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Seed", "configs", "microsoft", "phi-2", "config.json")));
        var file = config.RootElement;
        var perToken = 2L * file.GetProperty("num_hidden_layers").GetInt32() * file.GetProperty("num_key_value_heads").GetInt32()
            * (file.GetProperty("hidden_size").GetInt32() / file.GetProperty("num_attention_heads").GetInt32()) * 2;
        JsonElement profile = default;
        await DashboardHost.WaitUntilAsync(async () =>
        {
            profile = (await host.GetWhenReadyAsync($"/api/access/models/{fineTune}")).GetProperty("profile");
            return profile.GetProperty("kvCache").ValueKind == JsonValueKind.Object;
        }, $"the KV cache of {fineTune} from its root's bundled config.json");
        Assert.Equal((Phi, perToken), (profile.GetProperty("shapeOf").GetString(), profile.GetProperty("kvCache").GetProperty("bytesPerToken").GetInt64()));

        await using var page = await OpenAsync($"/access.html?id={Uri.EscapeDataString(fineTune)}", width, height);
        await WaitSettledAsync(page, "#profile", "#kv", "#memory", "#whatif");

        Assert.Equal("ready", await StateAsync(page, "#kv"));
        Assert.False(await page.EvaluateAsync<bool>("document.querySelector('#kv .desc').hidden"));
        Assert.Contains($"shape of {Phi}", await TextAsync(page, "#kv .desc"));
        Assert.Contains("bundled copy", await TextAsync(page, "#kv .desc"));
        // Every bar is its context length × the bytes per token, in GB, up to the model's context (2,048 tokens for phi-2).
        var bars = await page.EvaluateAsync<double[][]>(
            "(c => c.data.labels.map((l, i) => [+l.replace(/,/g, ''), c.data.datasets[0].data[i]]))(Chart.getChart(document.querySelector('#kv canvas')))");
        Assert.True(bars.Length >= 4, $"{bars.Length} bars for a 2,048-token model");
        Assert.All(bars, bar => Assert.Equal(bar[0] * perToken / 1e9, bar[1], 9));
        // The memory table's KV cache column is the profile's, and no section prints a missing value as "null".
        var bf16 = profile.GetProperty("resourcing").EnumerateArray().First(r => r.GetProperty("precision").GetString() == "Bf16");
        Assert.Equal(Gigabytes(bf16.GetProperty("memory").GetProperty("kvCache").GetProperty("gigabytes").GetDouble()), await TextAsync(page, "#memory [data-precision=Bf16][data-figure=kvCache]"));
        Assert.DoesNotContain("null", await TextAsync(page, "#whatif .content"));
        Assert.Equal(file.GetProperty("max_position_embeddings").GetInt32(), bars[^1][0]);
        await FinishAsync(page, $"access-kv-bundled-{width}", width, height);
    }

    [Theory]
    [InlineData("google/gemma-7b-it", "google/gemma-7b", 1400, 900)]
    [InlineData("google/gemma-7b-it", "google/gemma-7b", 400, 900)]
    [InlineData(Scout, Scout, 1400, 900)]
    [InlineData(Scout, Scout, 400, 900)]
    public async Task Access_page_of_a_model_whose_root_has_no_config_json_names_the_root_why_and_the_fields_the_KV_cache_lacks(string id, string root, int width, int height)
    {
        // The root's config.json is not bundled (Seed/configs/README.md) and the Hub is out of reach here: the card says which
        // root, why, and which fields of the Hub's summary are missing.
        const string fields = "without it the KV cache lacks the fields num_hidden_layers, num_attention_heads, head_dim or hidden_size";
        var profile = (await host.GetWhenReadyAsync($"/api/access/models/{id}")).GetProperty("profile");
        var gap = profile.GetProperty("shapeGap").GetString()!;
        Assert.StartsWith($"no config.json harvested for {root}: ", gap);
        Assert.EndsWith(fields, gap);
        await using var page = await OpenAsync($"/access.html?id={Uri.EscapeDataString(id)}", width, height);
        await WaitSettledAsync(page, "#profile", "#kv");

        var status = await TextAsync(page, "#kv .status");
        Assert.StartsWith($"No KV cache figures: no config.json harvested for {root}: ", status);
        Assert.Contains(fields, status);
        // Empty, the card does not describe a chart it does not draw, and the memory table does not call the cache 0 GB.
        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('#kv .desc').hidden"));
        await WaitSettledAsync(page, "#memory");
        Assert.Equal("—", await TextAsync(page, "#memory [data-precision=Bf16][data-figure=kvCache]"));
        Assert.DoesNotContain("KV cache", await page.EvaluateAsync<string>("Chart.getChart(document.querySelector('#memory canvas')).data.datasets.map(d => d.label).join('|')"));
        await FinishAsync(page, $"access-kv-empty-{id.Split('/')[1]}-{width}", width, height);
    }

    static string Billions(long parameters) => Math.Round(parameters / 1e9, MidpointRounding.AwayFromZero).ToString("#,0", CultureInfo.InvariantCulture) + " B";
}
