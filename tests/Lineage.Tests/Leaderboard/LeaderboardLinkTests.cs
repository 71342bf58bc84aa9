using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Tests.Service;
using OpenAccess.Lineage.Tests.Support;
using OpenAccess.Testing;

namespace OpenAccess.Lineage.Tests.Leaderboard;

/// <summary>
/// A v2 row's base model as a lineage link (issue #18 item 3), through the bus and the HTTP API. The leaderboard rows are real
/// (<see cref="LeaderboardSlice"/>); the Hub records are reduced to id, author and the tags each case is about.
/// </summary>
public sealed class LeaderboardLinkTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new();
    HttpClient http = null!;
    static readonly DateTimeOffset Created = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    static ModelDiscovered Hub(string id, int days, params string[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], Sha = "sha", CreatedAt = Created.AddDays(days), LastModified = Created.AddDays(days),
        BaseModels = [.. parents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune))],
    };

    static BenchmarkUpdated Row(string id) => LeaderboardSlice.V2Rows.First(r => r.ModelId == id);

    async Task<JsonElement> ModelAsync(string id, Func<JsonElement, bool> done)
    {
        var answer = await Eventually.Get(async () =>
        {
            using var response = await http.GetAsync($"/models/{id}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : (JsonElement?)null;
        }, m => m is { } model && done(model), id, 30);
        return answer!.Value;
    }

    static (string? Id, string? Relation, string? Source)[] Parents(JsonElement model) =>
        [.. model.GetProperty("parents").EnumerateArray().Select(p => (p.GetProperty("id").GetString(), p.GetProperty("relation").GetString(), p.GetProperty("source").GetString()))];

    [Fact]
    public async Task A_v2_base_model_links_a_model_whose_tags_name_none_and_its_family_counts_it_only_when_asked()
    {
        const string yi = "01-ai/Yi-1.5-34B", dolphin = "cognitivecomputations/dolphin-2.9.1-yi-1.5-34b";
        await factory.Bus.PublishModels(Hub(yi, 0));
        await factory.Bus.PublishModels(Hub(dolphin, 30));
        await factory.Bus.Publish(Row(yi));
        await factory.Bus.Publish(Row(dolphin) with { License = "apache-2.0" }); // the row's Hub License column

        var model = await ModelAsync(dolphin, m => m.GetProperty("parents").GetArrayLength() > 0);
        Assert.Equal([(yi, "Finetune", "leaderboard")], Parents(model));
        Assert.Empty(model.GetProperty("model").GetProperty("parents").EnumerateArray()); // the Hub's record and tree as they were
        Assert.Empty(model.GetProperty("graph").GetProperty("parents").EnumerateArray());
        var filled = model.GetProperty("fromLeaderboard");
        Assert.Equal(("open-llm-leaderboard v2", "LlamaForCausalLM", 34_389_000_000L, "apache-2.0"),
            (filled.GetProperty("source").GetString(), filled.GetProperty("architecture").GetString(), filled.GetProperty("parameterCount").GetInt64(), filled.GetProperty("license").GetString()));

        var hubFamily = await http.GetFromJsonAsync<JsonElement>($"/families/{yi}");
        Assert.Equal(0, hubFamily.GetProperty("derivatives").GetInt32());
        Assert.Equal(hubFamily.GetRawText(), (await http.GetFromJsonAsync<JsonElement>($"/families/{yi}?links=hub")).GetRawText());
        var allFamily = await http.GetFromJsonAsync<JsonElement>($"/families/{yi}?links=all");
        Assert.Equal((1, 1), (allFamily.GetProperty("derivatives").GetInt32(), allFamily.GetProperty("byRelation").GetProperty("Finetune").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/families/{dolphin}?links=all")).StatusCode); // no longer a root

        var adoption = await http.GetFromJsonAsync<JsonElement>($"/families/{yi}/adoption?links=all");
        Assert.Equal(1, adoption.GetProperty("months").EnumerateArray().Last().GetProperty("cumulativeDerivatives").GetInt32());
        var families = await http.GetFromJsonAsync<JsonElement>("/families?links=all");
        Assert.Equal((yi, 1), (families[0].GetProperty("familyId").GetString(), families[0].GetProperty("derivatives").GetInt32()));
        Assert.All((await http.GetFromJsonAsync<JsonElement>("/families")).EnumerateArray(), f => Assert.Equal(0, f.GetProperty("derivatives").GetInt32()));

        // The Hub statistics: by default both are models without a parent; with links=all dolphin is Yi's fine-tune.
        static int Total(JsonElement weekly, string kind) =>
            weekly.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == kind).GetProperty("values").EnumerateArray().Sum(v => v.GetInt32());
        var hubTypes = await http.GetFromJsonAsync<JsonElement>("/stats/new-models");
        var allTypes = await http.GetFromJsonAsync<JsonElement>("/stats/new-models?links=all");
        Assert.Equal((2, 0), (Total(hubTypes, "pretrained"), Total(hubTypes, "fine-tune")));
        Assert.Equal((1, 1), (Total(allTypes, "pretrained"), Total(allTypes, "fine-tune")));
    }

    [Fact]
    public async Task A_hub_tag_wins_over_a_disagreeing_leaderboard_link()
    {
        // Real: the Hub tags fietje-2-instruct as a fine-tune of fietje-2; its v2 row names microsoft/phi-2.
        const string phi = "microsoft/phi-2", fietje = "BramVanroy/fietje-2", instruct = "BramVanroy/fietje-2-instruct";
        await factory.Bus.PublishModels(Hub(phi, 0));
        await factory.Bus.PublishModels(Hub(fietje, 10, phi));
        await factory.Bus.Publish(Row(instruct));
        await factory.Bus.PublishModels(Hub(instruct, 20, fietje));
        await Eventually.Get(() => http.GetFromJsonAsync<JsonElement>("/stats/summary?population=leaderboard-v2"), s => s.GetProperty("rows").GetInt32() == 1, "the row", 30);

        var model = await ModelAsync(instruct, m => m.GetProperty("parents").GetArrayLength() > 0);
        Assert.Equal([(fietje, "Finetune", "hub")], Parents(model));
        var all = await http.GetFromJsonAsync<JsonElement>($"/families/{phi}?links=all");
        Assert.Equal((await http.GetFromJsonAsync<JsonElement>($"/families/{phi}")).GetRawText(), all.GetRawText());
        Assert.Equal(1, all.GetProperty("byDepth").GetProperty("2").GetInt32()); // instruct under fietje-2, not beside it
    }

    [Fact]
    public async Task A_leaderboard_link_that_would_close_a_cycle_is_refused_and_not_shown()
    {
        await factory.Bus.PublishModels(Hub("a/child", 10, "b/root"));
        await factory.Bus.PublishModels(Hub("b/root", 0));
        await factory.Bus.Publish(new BenchmarkUpdated
        {
            ModelId = "b/root", Leaderboard = "open-llm-leaderboard", LeaderboardVersion = "v2", BaseModel = "a/child",
            Scores = [new BenchmarkScore("IFEval", "strict_acc", 30, 30)], Average = 10,
        });
        await Eventually.Get(() => http.GetFromJsonAsync<JsonElement>("/stats/summary?population=leaderboard-v2"), s => s.GetProperty("rows").GetInt32() == 1, "the row", 30);
        await ModelAsync("a/child", m => m.GetProperty("parents").GetArrayLength() == 1);

        var root = await http.GetFromJsonAsync<JsonElement>("/models/b/root");
        Assert.Empty(root.GetProperty("parents").EnumerateArray());
        Assert.Equal(1, (await http.GetFromJsonAsync<JsonElement>("/families/b/root?links=all")).GetProperty("derivatives").GetInt32());
    }

    [Theory]
    [InlineData("/families/b/root?links=some", "'links'")]
    [InlineData("/stats/concentration?links=everything", "'links'")]
    [InlineData("/stats/new-models?population=leaderboard-v2&links=all", "'links' applies to population=hub only")]
    public async Task A_bad_links_value_is_a_400_naming_it(string url, string message)
    {
        await factory.Bus.PublishModels(Hub("b/root", 0));
        await ModelAsync("b/root", _ => true);
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}

/// <summary>With <c>OpenAccess:Lineage:LeaderboardLinkGraph=false</c> no second graph is kept: the link is still shown on the model, and <c>links=all</c> is a 400 naming the setting.</summary>
public sealed class LeaderboardLinkGraphOffTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new(new Dictionary<string, string?> { ["OpenAccess:Lineage:LeaderboardLinkGraph"] = "false" });
    HttpClient http = null!;

    public ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task The_link_is_shown_on_the_model_and_links_all_is_refused_naming_the_setting()
    {
        const string yi = "01-ai/Yi-1.5-34B", dolphin = "cognitivecomputations/dolphin-2.9.1-yi-1.5-34b";
        var created = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);
        await factory.Bus.PublishModels(new ModelDiscovered { Id = yi, Author = "01-ai", Sha = "sha", CreatedAt = created, LastModified = created });
        await factory.Bus.PublishModels(new ModelDiscovered { Id = dolphin, Author = "cognitivecomputations", Sha = "sha", CreatedAt = created.AddDays(30), LastModified = created.AddDays(30) });
        await factory.Bus.Publish(LeaderboardSlice.V2Rows.First(r => r.ModelId == dolphin));

        var model = await Eventually.Get(async () =>
        {
            using var response = await http.GetAsync($"/models/{dolphin}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        }, m => m.ValueKind == JsonValueKind.Object && m.GetProperty("parents").GetArrayLength() > 0, dolphin, 30);
        Assert.Equal((yi, "leaderboard"), (model.GetProperty("parents")[0].GetProperty("id").GetString(), model.GetProperty("parents")[0].GetProperty("source").GetString()));

        foreach (var path in new[] { $"/families/{yi}?links=all", "/families?links=all", "/stats/authors?links=all" })
        {
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} answered {response.StatusCode}");
            Assert.Contains("OpenAccess:Lineage:LeaderboardLinkGraph=false", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/families/{yi}")).StatusCode);
    }
}
