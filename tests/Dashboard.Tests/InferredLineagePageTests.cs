using System.Text.Json;
using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Dashboard.Tests.Infrastructure;

namespace OpenAccess.Dashboard.Tests;

/// <summary>
/// The model page of a model that declares no parent but has one recovered: the inferred link is drawn dashed, apart from
/// declared ones, with how sure it is. The model is a real quantization the crawl lists under google/gemma-7b
/// (tests/Lineage.Tests/Fixtures/crawl-counts-2025-04.jsonl) and the snapshot does not hold; it is published here without
/// its <c>base_model:</c> tag.
/// </summary>
public sealed class InferredLineagePageTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    const string Quantization = "MaziyarPanahi/gemma-7b-GGUF", Base = "google/gemma-7b";

    [Fact]
    public async Task An_inferred_parent_is_drawn_dashed_with_its_confidence()
    {
        await host.Service<IBus>().PublishModels(new ModelDiscovered { Id = Quantization, Author = "MaziyarPanahi", Sha = "0000000000000000000000000000000000000001", ModelType = "gemma" });
        JsonElement link = default;
        // Recovery runs once the graph changed and held still for a minute (OpenAccess:Lineage:Inference:Interval): within two.
        await DashboardHost.WaitUntilAsync(async () =>
        {
            using var response = await host.Api.GetAsync($"/api/lineage/models/{Quantization}/inferred-parents");
            if (!response.IsSuccessStatusCode) return false;
            link = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("link");
            return link.ValueKind == JsonValueKind.Object;
        }, "the quantization's parent to be recovered", 180);
        Assert.Equal(Base, link.GetProperty("id").GetString());
        var percent = (int)Math.Round(link.GetProperty("confidence").GetDouble() * 100);

        var page = await host.Browser.NewPageAsync(1280, 800);
        await using (page)
        {
            await page.GoToAsync($"{host.BaseUrl}/model.html?id={Uri.EscapeDataString(Quantization)}");
            await page.WaitForAsync("(e => e && e.dataset.state === 'ready')(document.querySelector('#lineage'))", "the lineage section", 120);

            var parents = await page.EvaluateAsync<string>(
                "[...document.querySelectorAll('#summary dt')].find(dt => dt.textContent === 'Parents').nextElementSibling.querySelector('.inferred')?.textContent ?? ''");
            Assert.Contains(Base, parents);
            Assert.Contains($"inferred, {percent} % sure", parents);
            Assert.Equal("dashed", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('#summary .inferred')).borderTopStyle"));
            Assert.Equal("dashed", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('#lineage .inferred-link .dashed-arrow')).borderTopStyle"));
            Assert.Equal(Base, await page.EvaluateAsync<string>("document.querySelector('#lineage .inferred-link a').textContent"));
            Assert.Contains("Name:", await page.EvaluateAsync<string>("document.querySelector('#summary .inferred').title"));
            await page.ScreenshotAsync(Path.Combine(DashboardHost.ScreenshotDirectory, "model-inferred-parent-1280x800.png"), 1280, 800);
            Assert.True(page.Errors.Count == 0, $"The page reported errors: {string.Join(" | ", page.Errors)}");
        }

        // A model that declares its parent shows it solid, with no inferred link.
        var declared = await host.Browser.NewPageAsync(1280, 800);
        await using (declared)
        {
            await declared.GoToAsync($"{host.BaseUrl}/model.html?id={Uri.EscapeDataString("google/gemma-7b-it")}");
            await declared.WaitForAsync("(e => e && e.dataset.state === 'ready')(document.querySelector('#lineage'))", "the lineage section", 120);
            Assert.Equal(0, await declared.EvaluateAsync<int>("document.querySelectorAll('.inferred, .inferred-link').length"));
        }
    }
}
