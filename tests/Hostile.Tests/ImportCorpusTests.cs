using System.Net;
using System.Text;
using System.Text.Json;
using OpenAccess.Hostile.Tests.Infrastructure;

namespace OpenAccess.Hostile.Tests;

/// <summary>Hostile snapshot files: each bad record refused with its line and reason, the rest imported, nothing served wrong.</summary>
[Collection(CorpusCollection.Name)]
public sealed class ImportCorpusTests(CorpusHost corpus)
{
    [Fact]
    public async Task Malformed_and_invalid_records_are_refused_with_their_line_and_the_rest_imported()
    {
        var good = Records.Line("malformed-case/good");
        var file = new List<byte[]>
        {
            Encoding.UTF8.GetBytes(good + "\n"),
            Encoding.UTF8.GetBytes("{\"id\": \"broken/json\", \n"),
            Encoding.UTF8.GetBytes("{\"author\":\"nobody\"}\n"),
            (byte[])[.. Encoding.UTF8.GetBytes("{\"id\":\"bad-utf8/"), (byte)0xC3, (byte)0x28, .. Encoding.UTF8.GetBytes("\"}\n")],
            Encoding.UTF8.GetBytes("[1,2,3]\n"),
            Encoding.UTF8.GetBytes(Records.Line("malformed-case/self", parents: ["malformed-case/self"]) + "\n"),
        };
        var run = await corpus.ImportAsync(file.SelectMany(b => b).ToArray(), "malformed");

        Assert.Equal("completed", run.Status);
        Assert.Equal([2, 3, 4, 5], run.Errors.Select(e => e.Line).Where(l => l <= 5).ToArray());
        Assert.Contains(run.Errors, e => e.Line == 4 && e.Reason.Contains("UTF-8"));
        await AssertModelAsync("malformed-case/good");
    }

    [Theory]
    [InlineData("9999-12-31T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public async Task A_date_outside_the_plausible_range_is_quarantined_naming_the_field(string date)
    {
        var id = $"absurd-date/m{date[..4]}";
        var run = await corpus.ImportAsync(Records.Jsonl([Records.Line(id, date)]), $"date-{date[..4]}");

        Assert.True(run.Rejected == 1, run.ToString());
        Assert.Contains("createdAt", Assert.Single(run.Errors).Reason, StringComparison.OrdinalIgnoreCase);
        using var stats = await corpus.SendAsync(HttpMethod.Get, "/api/lineage/stats/new-models");
        Assert.True((await stats.Content.ReadAsStringAsync()).Length < 1 << 20);
    }

    [Theory]
    [InlineData("dots/..")]
    [InlineData("dots/.")]
    [InlineData("../dots")]
    [InlineData("dots//twice")]
    [InlineData("dots/with\u0001control")]
    public async Task An_id_no_url_can_reach_is_quarantined(string id)
    {
        var run = await corpus.ImportAsync(Records.Jsonl([Records.Line(id)]), "bad-id");

        Assert.True(run.Rejected == 1, run.ToString());
        Assert.Contains("id", Assert.Single(run.Errors).Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ids_that_differ_only_in_case_are_one_model_in_the_store_the_graph_and_the_api()
    {
        using var before = await corpus.SendAsync(HttpMethod.Get, "/api/lineage/stats/summary");
        var models = JsonDocument.Parse(await before.Content.ReadAsStringAsync()).RootElement.GetProperty("models").GetInt64();

        await corpus.ImportAsync(Records.Jsonl([Records.Line("CaseOrg/Model-A"), Records.Line("caseorg/model-a", "2024-03-02T00:00:00Z"),
            Records.Line("caseorg/child", parents: ["CASEORG/MODEL-A"])]), "case");

        var upper = await AssertModelAsync("CaseOrg/Model-A");
        var lower = await AssertModelAsync("caseorg/model-a");
        Assert.Equal("CaseOrg/Model-A", upper.GetProperty("model").GetProperty("id").GetString());
        Assert.Equal("CaseOrg/Model-A", lower.GetProperty("model").GetProperty("id").GetString());
        Assert.Equal(["CaseOrg/Model-A"], Parents(await AssertModelAsync("caseorg/child")));
        await Eventually.Get(async () =>
        {
            using var after = await corpus.SendAsync(HttpMethod.Get, "/api/lineage/stats/summary");
            var summary = JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement;
            return (summary.GetProperty("models").GetInt64() - models, summary.GetProperty("graphNodes").GetInt64());
        }, c => c.Item1 == 2, "two models stored, not three");
        using var children = await corpus.SendAsync(HttpMethod.Get, "/api/lineage/models/CASEORG/model-A/children");
        Assert.Contains("caseorg/child", await children.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_link_refused_as_a_cycle_is_served_nowhere()
    {
        await corpus.ImportAsync(Records.Jsonl([Records.Line("cycle/a"), Records.Line("cycle/b", parents: ["cycle/a"])]), "cycle-1");
        await AssertModelAsync("cycle/b");
        await corpus.ImportAsync(Records.Jsonl([Records.Line("cycle/a", "2024-03-05T00:00:00Z", parents: ["cycle/b"])]), "cycle-2");

        var a = await Eventually.Get(() => AssertModelAsync("cycle/a"),
            m => m.GetProperty("model").GetProperty("createdAt").GetString()!.StartsWith("2024-03-05"), "cycle/a's second version");
        var b = await AssertModelAsync("cycle/b");
        // b is a's child; a link making a the child of b would close a cycle: it is kept apart as refused, and no answer shows it.
        Assert.Contains("cycle/b", Ids(a.GetProperty("model"), "refusedParents"));
        Assert.DoesNotContain("cycle/b", Parents(a));
        Assert.DoesNotContain("cycle/a", Ids(b, "children"));
        Assert.Contains("cycle/a", Parents(b));
        using var ancestors = await corpus.SendAsync(HttpMethod.Get, "/api/lineage/models/cycle/a/ancestors");
        Assert.DoesNotContain("cycle/b", await ancestors.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_record_with_50_000_parents_is_refused_without_holding_up_the_import_behind_it()
    {
        var before = corpus.Host.ResidentBytes;
        var parents = Enumerable.Range(0, 50_000).Select(i => $"wide-parents/p{i}");
        var run = await corpus.ImportAsync(Records.Jsonl([Records.Line("wide-parents/merge", parents: parents, relation: "merge"), Records.Line("wide-parents/after")]), "wide-parents");

        Assert.True(run.Rejected == 1, run.ToString());
        Assert.Contains("parents", Assert.Single(run.Errors).Reason, StringComparison.OrdinalIgnoreCase);
        await AssertModelAsync("wide-parents/after");
        await corpus.AssertMemoryReturnedAsync("a record with 50,000 parents", before);
    }

    [Fact]
    public async Task The_quarantine_is_the_admins_and_keeps_a_bad_line_cut_short()
    {
        var run = await corpus.ImportAsync(Encoding.UTF8.GetBytes("{\"id\":\"long/bad\"," + new string(' ', 100_000) + "\n"), "long-bad-line");
        Assert.Equal(1, run.Rejected);

        using var anonymous = await corpus.SendAsync(HttpMethod.Get, $"/api/harvest/quarantine?run={run.Id}");
        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized);
        using var admin = await corpus.SendAsync(HttpMethod.Get, $"/api/harvest/quarantine?run={run.Id}", admin: true);
        var body = await admin.Content.ReadAsStringAsync();
        Assert.True(admin.StatusCode == HttpStatusCode.OK, body);
        Assert.True(body.Length < 16_384, $"the quarantine answers {body.Length:N0} bytes for one 100 kB line");
    }

    /// <summary>The ids listed under <paramref name="property"/>: objects with an id (a link, a child) or a parentId (a refused link).</summary>
    static string[] Ids(JsonElement element, string property) =>
        [.. element.GetProperty(property).EnumerateArray().Select(e => (e.TryGetProperty("id", out var id) ? id : e.GetProperty("parentId")).GetString()!)];

    /// <summary>A model answer's parents, as the store keeps them and as the graph serves them: the two must agree.</summary>
    static string[] Parents(JsonElement answer)
    {
        var stored = Ids(answer.GetProperty("model"), "parents");
        Assert.Equal(stored, Ids(answer.GetProperty("graph"), "parents"));
        return stored;
    }

    async Task<JsonElement> AssertModelAsync(string id) =>
        await Eventually.Get(async () =>
        {
            using var response = await corpus.SendAsync(HttpMethod.Get, $"/api/lineage/models/{id}");
            return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement : default;
        }, m => m.ValueKind == JsonValueKind.Object, $"the lineage to serve {id}", 120);
}
