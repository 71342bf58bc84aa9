using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>Openness per component in the stored profile and in AccessProfileUpdated, and the statistic per family and quarter.</summary>
public sealed class OpennessApiTests : EvaluatorApiTest
{
    static readonly RepositoryFiles Safetensors = new() { Count = 5, WeightFormats = new Dictionary<string, int> { ["safetensors"] = 2 } };

    static ModelDiscovered Model(string id, string created, string? parent = null, string license = "apache-2.0", bool gated = false, RepositoryFiles? files = null) => new()
    {
        Id = id,
        Author = id.Split('/')[0],
        Sha = "rev-1",
        CreatedAt = DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture),
        LastModified = DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture),
        License = license,
        Gated = gated,
        LibraryName = "transformers",
        BaseModels = parent is null ? [] : [new BaseModelLink(parent, BaseModelRelation.Finetune)],
        Files = files ?? Safetensors,
    };

    // A root with an open licence; a gated restricted fine-tune; an open fine-tune of the fine-tune; a repository without weights;
    // a model under a parent the Evaluator never saw (in no family); one whose files were not listed (unknown).
    static readonly ModelDiscovered[] Population =
    [
        Model("org/base", "2024-01-10T00:00:00Z"),
        Model("org/base-chat", "2024-02-01T00:00:00Z", parent: "org/base", license: "llama3", gated: true),
        Model("someone/base-chat-tuned", "2024-05-01T00:00:00Z", parent: "org/base-chat"),
        Model("someone/base-notes", "2024-05-20T00:00:00Z", parent: "org/base", files: new RepositoryFiles { Count = 2 }),
        Model("lost/orphan", "2024-04-01T00:00:00Z", parent: "never/seen"),
        Model("other/root", "2024-07-01T00:00:00Z", files: null) with { Files = null },
    ];

    async Task PublishAllAsync()
    {
        foreach (var model in Population)
        {
            await factory.Bus.PublishModels(model);
            await bus.HandledAsync(model.Id, 1);
        }
    }

    [Fact]
    public async Task The_profile_and_the_event_carry_each_component_with_its_evidence_and_the_class()
    {
        var model = Model("org/base-chat", "2024-02-01T00:00:00Z", parent: "org/base", license: "llama3", gated: true);
        await factory.Bus.PublishModels(model);
        await bus.HandledAsync(model.Id, 1);

        var openness = (await http.GetFromJsonAsync<JsonElement>($"/models/{model.Id}")).GetProperty("profile").GetProperty("openness");
        Assert.Equal("OpenWeights", openness.GetProperty("class").GetString());
        var weights = openness.GetProperty("components")[0];
        Assert.Equal(("Weights", "Restricted", "siblings, gated"), (weights.GetProperty("component").GetString(), weights.GetProperty("status").GetString(), weights.GetProperty("source").GetString()));
        Assert.Equal("Weight files: 2 .safetensors; gated: downloading them needs an accepted agreement.", weights.GetProperty("evidence").GetString());
        var documentation = openness.GetProperty("components")[5];
        Assert.Equal("Unknown", documentation.GetProperty("status").GetString());
        Assert.Contains("not harvested", documentation.GetProperty("evidence").GetString());

        var updated = Assert.Single(bus.PublishedFor(model.Id));
        Assert.Equal("open-weights", updated.OpennessClass);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["weights"] = "restricted", ["inference-code"] = "open", ["training-code"] = "unknown",
                ["training-data"] = "unknown", ["licence"] = "restricted", ["documentation"] = "unknown",
            },
            updated.OpennessComponents);
    }

    [Fact]
    public async Task Each_family_gets_the_share_of_each_class_and_of_each_component_open()
    {
        await PublishAllAsync();

        var stats = await http.GetFromJsonAsync<JsonElement>("/openness/stats");
        Assert.Equal(("family", 6), (stats.GetProperty("by").GetString(), stats.GetProperty("models").GetInt32()));
        var groups = stats.GetProperty("groups");
        // org/base: itself (open model), base-chat (open weights: gated, restricted), base-chat-tuned (open model), base-notes (no weights).
        Assert.Equal(["org/base", "other/root"], groups.EnumerateArray().Select(g => g.GetProperty("key").GetString()!));
        var family = groups[0];
        Assert.Equal(4, family.GetProperty("models").GetInt32());
        var classes = family.GetProperty("classes");
        Assert.Equal((2, 1, 1, 0), (classes.GetProperty("OpenModel").GetInt32(), classes.GetProperty("OpenWeights").GetInt32(),
            classes.GetProperty("WeightsNotReleased").GetInt32(), classes.GetProperty("Unknown").GetInt32()));
        Assert.Equal(0.5, family.GetProperty("classShares").GetProperty("OpenModel").GetDouble());
        Assert.Equal(0.75, family.GetProperty("openShares").GetProperty("Licence").GetDouble());
        Assert.Equal(0.5, family.GetProperty("openShares").GetProperty("Weights").GetDouble());
        // Open components: 3 (weights, inference code, licence), 1 (inference code), 3, 2 (inference code, licence).
        Assert.Equal(2.25, family.GetProperty("meanOpenComponents").GetDouble());
        Assert.Equal(1, groups[1].GetProperty("classes").GetProperty("Unknown").GetInt32());
    }

    [Fact]
    public async Task Quarters_of_creation_count_the_whole_population_or_one_family()
    {
        await PublishAllAsync();

        var all = await http.GetFromJsonAsync<JsonElement>("/openness/stats?by=quarter");
        Assert.Equal(
            [("2024-Q1", 2), ("2024-Q2", 3), ("2024-Q3", 1)],
            all.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("key").GetString()!, g.GetProperty("models").GetInt32())));

        var family = await http.GetFromJsonAsync<JsonElement>("/openness/stats?by=quarter&family=ORG/BASE");
        Assert.Equal("org/base", family.GetProperty("family").GetString());
        Assert.Equal(
            [("2024-Q1", 2), ("2024-Q2", 2)],
            family.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("key").GetString()!, g.GetProperty("models").GetInt32())));
    }

    [Theory]
    [InlineData("?by=decade", HttpStatusCode.BadRequest, "'by' must be family or quarter, not 'decade'.")]
    [InlineData("?by=family&by=quarter", HttpStatusCode.BadRequest, "'by' is given 2 times; give it once.")]
    [InlineData("?limit=0", HttpStatusCode.BadRequest, "'limit' must be a whole number from 1 to 1000, not '0'.")]
    [InlineData("?limit=1e9", HttpStatusCode.BadRequest, "'limit' must be a whole number from 1 to 1000, not '1e9'.")]
    [InlineData("?by=quarter&limit=5", HttpStatusCode.BadRequest, "'limit' applies to by=family only; by=quarter lists every quarter.")]
    [InlineData("?family=", HttpStatusCode.BadRequest, "'family' must be a model id (author/name) of 1 to 300 characters, not ''.")]
    [InlineData("?family=org/base-chat", HttpStatusCode.NotFound, "'family' is 'org/base-chat', which is not a family the Evaluator knows: a family is named by its root, a model without parents.")]
    public async Task A_bad_parameter_is_a_problem_naming_it(string query, HttpStatusCode status, string detail)
    {
        await PublishAllAsync();

        var response = await http.GetAsync($"/openness/stats{query}");
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
