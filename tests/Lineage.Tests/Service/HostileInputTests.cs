using OpenAccess.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Consumers;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>
/// Issue #16 against the service: hostile records on the bus and hostile query parameters over HTTP are
/// answered cleanly, and the store, the graph and the API agree on one id and one set of links.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    const int MaxDepth = 20;

    readonly InMemoryServiceFactory<ModelsDiscoveredConsumer> factory = new(new Dictionary<string, string?>
    {
        ["OpenAccess:Lineage:MaxDepth"] = MaxDepth.ToString(),
    });

    HttpClient http = null!;

    public ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    static readonly DateTimeOffset T = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    static ModelDiscovered Model(string id, DateTimeOffset? created = null, params string[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], CreatedAt = created ?? T, LastModified = created ?? T, Sha = $"sha-{id}",
        BaseModels = parents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune)).ToList(),
    };

    /// <summary>Publishes, then a marker after them, and waits for the marker: the in-memory bus keeps order per endpoint only loosely, so each case also waits on what it asserts.</summary>
    async Task PublishAndSettle(params ModelDiscovered[] models)
    {
        foreach (var model in models) await factory.Bus.PublishModels(model);
        var marker = $"marker/m{Guid.NewGuid():N}";
        await factory.Bus.PublishModels(Model(marker));
        await Eventually.Get(async () => (await http.GetAsync($"/models/{marker}")).StatusCode, s => s == HttpStatusCode.OK, marker, 30);
    }

    async Task<JsonElement> Json(string path) => await http.GetFromJsonAsync<JsonElement>(path);

    async Task<JsonElement> EventuallyJson(string path, Func<JsonElement, bool> done, string what) =>
        await Eventually.Get(async () =>
        {
            using var response = await http.GetAsync(path);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        }, j => j.ValueKind == JsonValueKind.Object && done(j), what, 30);

    async Task<string> BadRequest(string path)
    {
        using var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} answered {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task A_chain_deeper_than_the_limit_is_cut_and_its_deepest_model_answers()
    {
        const int length = 3 * MaxDepth;
        await PublishAndSettle(Enumerable.Range(0, length).Select(i => Model($"deep/m{i}", T.AddMinutes(i), i == 0 ? [] : [$"deep/m{i - 1}"])).ToArray());
        var deepest = await EventuallyJson($"/models/deep/m{length - 1}", _ => true, "the deepest model");

        // m21 would have been the 21st link below m0: it starts a chain of its own, and its record says why.
        var cut = await Json($"/models/deep/m{MaxDepth + 1}");
        Assert.Empty(cut.GetProperty("model").GetProperty("parents").EnumerateArray());
        Assert.Contains($"over the limit of {MaxDepth}", cut.GetProperty("model").GetProperty("refusedParents")[0].GetProperty("reason").GetString());
        Assert.Equal(0, (await Json($"/models/deep/m{MaxDepth}/children")).GetProperty("total").GetInt64());

        var ancestors = await Json($"/models/deep/m{length - 1}/ancestors");
        Assert.False(ancestors.GetProperty("truncated").GetBoolean());
        Assert.Equal((length - 1) % (MaxDepth + 1), ancestors.GetProperty("paths")[0].GetProperty("steps").GetArrayLength());
        Assert.Equal($"deep/m{length - 2}", deepest.GetProperty("graph").GetProperty("parents")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_link_refused_as_a_cycle_is_in_neither_parents_nor_children()
    {
        await PublishAndSettle(Model("cyc/a"), Model("cyc/b", T, "cyc/a"));
        await factory.Bus.PublishModels(Model("cyc/a", T.AddDays(1), "cyc/b") with { Likes = 7 });
        var a = await EventuallyJson("/models/cyc/a", j => j.GetProperty("model").GetProperty("likes").GetInt64() == 7, "cyc/a updated");

        Assert.Empty(a.GetProperty("model").GetProperty("parents").EnumerateArray());
        Assert.Empty(a.GetProperty("graph").GetProperty("parents").EnumerateArray());
        var refused = Assert.Single(a.GetProperty("model").GetProperty("refusedParents").EnumerateArray());
        Assert.Equal("cyc/b", refused.GetProperty("parentId").GetString());
        Assert.Contains("cycle", refused.GetProperty("reason").GetString());
        Assert.Equal(0, (await Json("/models/cyc/b/children")).GetProperty("total").GetInt64());
        Assert.Equal(1, (await Json("/models/cyc/a/children")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Ids_differing_only_in_case_are_one_model_stored_once_under_the_first_spelling()
    {
        await PublishAndSettle(Model("CaseOrg/Base"));
        var before = (await Json("/stats/summary")).GetProperty("models").GetInt64();
        await PublishAndSettle(Model("caseorg/base", T.AddDays(1)) with { Likes = 3 }, Model("kid/tuned", T, "CASEORG/BASE"));

        var model = await EventuallyJson("/models/caseorg/BASE", j => j.GetProperty("model").GetProperty("likes").GetInt64() == 3, "the second spelling's revision");
        Assert.Equal("CaseOrg/Base", model.GetProperty("model").GetProperty("id").GetString());
        Assert.Equal("CaseOrg/Base", model.GetProperty("graph").GetProperty("id").GetString());
        Assert.Equal(before + 2, (await Json("/stats/summary")).GetProperty("models").GetInt64());
        var child = Assert.Single((await Json("/models/CASEORG/base/children")).GetProperty("children").EnumerateArray());
        Assert.Equal("kid/tuned", child.GetProperty("id").GetString());
        Assert.Equal("CaseOrg/Base", (await Json("/models/kid/tuned")).GetProperty("model").GetProperty("parents")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Ids_no_url_reaches_are_not_stored_and_not_linked()
    {
        var before = (await Json("/stats/summary")).GetProperty("models").GetInt64();
        string[] invalid = ["x/..", "x/.", "../x", "a//b", "a/b/c", "bad\u0001id/m", "long/" + new string('n', 300), " "];
        await PublishAndSettle([.. invalid.Select(id => Model(id)), Model("ok/child", T, "x/..", "ok/base")]);

        Assert.Equal(before + 2, (await Json("/stats/summary")).GetProperty("models").GetInt64());
        var child = await Json("/models/ok/child");
        Assert.Equal(["ok/base"], child.GetProperty("model").GetProperty("parents").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        var refused = Assert.Single(child.GetProperty("model").GetProperty("refusedParents").EnumerateArray());
        Assert.Contains("no URL reaches", refused.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/models/x/..%2F")).StatusCode);
    }

    [Fact]
    public async Task A_model_over_the_parent_cap_keeps_the_first_256_says_so_and_its_answer_pages_them()
    {
        var parents = Enumerable.Range(0, 5_000).Select(i => $"many/p{i:D4}").ToArray();
        await PublishAndSettle(Model("many/merge", T, parents));

        var model = await Json("/models/many/merge");
        Assert.Equal(256, model.GetProperty("parentsTotal").GetInt32());
        Assert.Equal(100, model.GetProperty("model").GetProperty("parents").GetArrayLength());
        Assert.Equal(100, model.GetProperty("graph").GetProperty("parents").GetArrayLength());
        Assert.Equal(5_000 - 256, model.GetProperty("model").GetProperty("parentsCut").GetInt32());
        var page = await Json("/models/many/merge?parentsOffset=200&parentsLimit=100");
        Assert.Equal(parents[200..256], page.GetProperty("model").GetProperty("parents").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(parents[200..256], page.GetProperty("graph").GetProperty("parents").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/models/many/p0300/children")).StatusCode);
    }

    [Fact]
    public async Task An_implausible_creation_date_leaves_the_model_undated_and_out_of_the_series()
    {
        await PublishAndSettle(Model("dates/far-future", DateTimeOffset.MaxValue), Model("dates/ancient", new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Model("dates/tomorrow-ish", DateTimeOffset.UtcNow.AddHours(12)));

        Assert.Equal(JsonValueKind.Null, (await Json("/models/dates/far-future")).GetProperty("model").GetProperty("createdAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await Json("/models/dates/ancient")).GetProperty("model").GetProperty("createdAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, (await Json("/models/dates/tomorrow-ish")).GetProperty("model").GetProperty("createdAt").ValueKind);
        var weeks = (await Json("/stats/new-models")).GetProperty("weeks").EnumerateArray().Select(w => DateOnly.Parse(w.GetString()!)).ToList();
        Assert.InRange(weeks[0], new DateOnly(2024, 2, 1), new DateOnly(2024, 3, 1));
        Assert.True(weeks[^1] <= DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)));
    }

    [Theory]
    [InlineData("/stats/new-models?from=0001-01-01&to=9999-12-31", "'from'")]
    [InlineData("/stats/architectures?from=0001-01-01", "'to'")]
    [InlineData("/stats/concentration?period=week&from=1990-01-01&to=2030-01-01", "'period' month")]
    [InlineData("/stats/authors?from=1990-01-01&to=2030-01-01", "'period' month")]
    [InlineData("/stats/concentration?period=month&from=0001-01-01&to=9999-12-31", "1,000 points")]
    public async Task A_time_series_longer_than_the_point_cap_is_a_400_naming_the_range(string path, string named)
    {
        await PublishAndSettle(Model("series/one"));
        Assert.Contains(named, await BadRequest(path));
    }

    [Fact]
    public async Task A_range_under_the_cap_answers_and_a_month_period_brings_a_long_range_under_it()
    {
        await PublishAndSettle(Model("series/two"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/stats/authors?from=1990-01-01&to=2030-01-01&period=month")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/stats/new-models?from=2015-01-01&to=2030-01-01")).StatusCode);
    }

    [Theory]
    [InlineData("/stats/benchmark-deltas?leaderboard=v9", "'leaderboard' must be one of v1, v2")]
    [InlineData("/models/a/b/ancestors?maxPaths=0", "'maxPaths' must be a whole number from 1 to 100")]
    [InlineData("/models/a/b/ancestors?maxPaths=101", "'maxPaths'")]
    [InlineData("/models/a/b?parentsLimit=0", "'parentsLimit' must be a whole number from 1 to 1000")]
    [InlineData("/models/a/b/descendants?after=garbage", "'after' must be the 'next' value")]
    [InlineData("/stats/architectures?top=0", "'top'")]
    [InlineData("/stats/concentration?topK=x", "'topK'")]
    [InlineData("/stats/authors?period=decade", "'period' must be one of week, month")]
    [InlineData("/stats/new-models?from=2024-02-01&to=2024-01-01", "'from' must not be after 'to'")]
    public async Task A_bad_query_parameter_is_a_400_naming_it_and_what_is_accepted(string path, string named) =>
        Assert.Contains(named, await BadRequest(path));
}
