using System.Net;
using System.Text.Json;
using OpenAccess.Hostile.Tests.Infrastructure;

namespace OpenAccess.Hostile.Tests;

/// <summary>Graphs deep and wide: every read of them answered in a bounded size, the host alive after each.</summary>
[Collection(CorpusCollection.Name)]
public sealed class GraphShapeCorpusTests(CorpusHost corpus)
{
    const int Depth = 50_000;

    [Fact]
    public async Task A_50_000_deep_chain_is_read_from_its_deepest_model_without_killing_the_host()
    {
        var run = await corpus.ImportAsync(Records.Gzip(Records.Jsonl(Records.Chain("deep", Depth))), "deep-chain");
        Assert.True((run.Status, run.Published) == ("completed", Depth), run.ToString());
        await Served($"/api/lineage/models/deep/m{Depth - 1}", 600);
        var before = corpus.Host.ResidentBytes; // the chain is stored: what follows are reads, which must hold nothing

        foreach (var path in (string[])[
            $"/api/lineage/models/deep/m{Depth - 1}", $"/api/lineage/models/deep/m{Depth - 1}/ancestors",
            "/api/lineage/models/deep/m0", "/api/lineage/models/deep/m0/descendants", "/api/lineage/models/deep/m0/children",
            "/api/lineage/families/deep/m0", "/api/lineage/families/deep/m0/adoption", "/api/lineage/stats/concentration",
            $"/api/access/models/deep/m{Depth - 1}"])
        {
            using var response = await corpus.SendAsync(HttpMethod.Get, path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode is 200 or 404, $"{path}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 400)]}");
            Assert.True(body.Length < 2 << 20, $"{path} answered {body.Length:N0} bytes");
            await corpus.Host.AssertAliveAsync(path);
        }

        await corpus.AssertMemoryReturnedAsync("reads of a 50,000-deep chain", before);
    }

    [Fact]
    public async Task A_base_with_20_000_children_answers_its_first_page_only()
    {
        var lines = Enumerable.Range(0, 20_000).Select(i => Records.Line($"wide-children/c{i:D5}", parents: ["wide-children/base"])).Prepend(Records.Line("wide-children/base"));
        var run = await corpus.ImportAsync(Records.Gzip(Records.Jsonl(lines)), "wide-children");
        Assert.Equal("completed", run.Status);

        var model = await Served("/api/lineage/models/wide-children/base", 300, m => m.GetProperty("childrenTotal").GetInt64() == 20_000);
        Assert.True(model.GetRawText().Length < 1 << 20);
        using var page = await corpus.SendAsync(HttpMethod.Get, "/api/lineage/models/wide-children/base/children?offset=19990&limit=100");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("wide-children/c19999", await page.Content.ReadAsStringAsync());
    }

    Task<JsonElement> Served(string path, int seconds, Func<JsonElement, bool>? done = null) =>
        Eventually.Get(async () =>
        {
            using var response = await corpus.SendAsync(HttpMethod.Get, path);
            return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : default;
        }, m => m.ValueKind == JsonValueKind.Object && (done is null || done(m)), $"{path} to be served", seconds);
}
