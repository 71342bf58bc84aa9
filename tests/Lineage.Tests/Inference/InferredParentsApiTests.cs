using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Tests.Service;
using OpenAccess.Testing;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>
/// Inferred parents through the service: models arrive on the bus, recovery runs as the graph changes, and the HTTP API
/// lists inferred links apart from declared ones, with their confidence and evidence (docs/lineage.md "Undeclared parents").
/// </summary>
public sealed class InferredParentsApiTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new(new Dictionary<string, string?> { ["OpenAccess:Lineage:Inference:Interval"] = "00:00:00.200" });
    HttpClient http = null!;
    static readonly DateTimeOffset Created = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    static ModelDiscovered Hub(string id, int days, string? modelType = "gemma", params string[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], Sha = "sha" + days, CreatedAt = Created.AddDays(days), LastModified = Created.AddDays(days), ModelType = modelType,
        BaseModels = [.. parents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune))],
    };

    async Task<JsonElement> ParentsAsync(string id, string links, Func<JsonElement, bool> done) => (await Eventually.Get(async () =>
    {
        using var response = await http.GetAsync($"/models/{id}?links={links}");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("parents") : (JsonElement?)null;
    }, p => p is { } parents && done(parents), id, 30))!.Value;

    [Fact]
    public async Task A_base_that_arrives_after_its_quantization_becomes_its_inferred_parent_shown_only_when_asked()
    {
        await factory.Bus.PublishModels(Hub("someone/google-gemma-7b-GGUF", 30));
        await Eventually.Get(() => http.GetAsync("/models/someone/google-gemma-7b-GGUF"), r => r.IsSuccessStatusCode, "the quantization", 30);
        Assert.Equal(JsonValueKind.Null, (await http.GetFromJsonAsync<JsonElement>("/models/someone/google-gemma-7b-GGUF/inferred-parents")).GetProperty("link").ValueKind);

        await factory.Bus.PublishModels(Hub("google/gemma-7b", 0));

        var parents = await ParentsAsync("someone/google-gemma-7b-GGUF", "inferred", p => p.GetArrayLength() == 1);
        var link = parents[0];
        Assert.Equal(("google/gemma-7b", "Quantized", "inferred"), (link.GetProperty("id").GetString(), link.GetProperty("relation").GetString(), link.GetProperty("source").GetString()));
        Assert.InRange(link.GetProperty("confidence").GetDouble(), 0.8, 1.0);
        var sources = link.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("source").GetString()).ToList();
        Assert.Contains("Name", sources);
        Assert.Contains("ModelType", sources);
        Assert.Contains("Time", sources);

        // The default (and its older name) list declared links only; the record and the graph keep none.
        foreach (var declared in new[] { "/models/someone/google-gemma-7b-GGUF", "/models/someone/google-gemma-7b-GGUF?links=hub", "/models/someone/google-gemma-7b-GGUF?links=declared" })
        {
            var model = await http.GetFromJsonAsync<JsonElement>(declared);
            Assert.Empty(model.GetProperty("parents").EnumerateArray());
            Assert.Empty(model.GetProperty("model").GetProperty("parents").EnumerateArray());
            Assert.Empty(model.GetProperty("graph").GetProperty("parents").EnumerateArray());
        }
        Assert.Equal(1, (await http.GetFromJsonAsync<JsonElement>("/models/someone/google-gemma-7b-GGUF?links=all")).GetProperty("parents").GetArrayLength());
        var family = await http.GetFromJsonAsync<JsonElement>("/families/google/gemma-7b");
        Assert.Equal(0, family.GetProperty("derivatives").GetInt32()); // families are built from declared links

        var answer = await http.GetFromJsonAsync<JsonElement>("/models/someone/google-gemma-7b-GGUF/inferred-parents");
        Assert.False(answer.GetProperty("declaresParents").GetBoolean());
        Assert.Equal("google/gemma-7b", answer.GetProperty("link").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_declared_parent_always_wins()
    {
        await factory.Bus.PublishModels(Hub("google/gemma-7b", 0));
        await factory.Bus.PublishModels(Hub("google/gemma-7b-it", 1));
        await factory.Bus.PublishModels(Hub("someone/google-gemma-7b-GGUF", 30, "gemma", "google/gemma-7b-it"));
        await factory.Bus.PublishModels(Hub("other/gemma-7b-AWQ", 31));
        await ParentsAsync("other/gemma-7b-AWQ", "inferred", p => p.GetArrayLength() == 1); // a run has seen all four

        var all = await ParentsAsync("someone/google-gemma-7b-GGUF", "all", _ => true);
        Assert.Equal([("google/gemma-7b-it", "hub")], all.EnumerateArray().Select(p => (p.GetProperty("id").GetString(), p.GetProperty("source").GetString())));
        Assert.Empty((await ParentsAsync("someone/google-gemma-7b-GGUF", "inferred", _ => true)).EnumerateArray());
        var answer = await http.GetFromJsonAsync<JsonElement>("/models/someone/google-gemma-7b-GGUF/inferred-parents");
        Assert.True(answer.GetProperty("declaresParents").GetBoolean());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("link").ValueKind);
    }

    [Fact]
    public async Task Bad_links_values_are_a_400_naming_the_parameter()
    {
        await factory.Bus.PublishModels(Hub("google/gemma-7b", 0));
        await Eventually.Get(() => http.GetAsync("/models/google/gemma-7b"), r => r.IsSuccessStatusCode, "the model", 30);

        var bad = await http.GetAsync("/models/google/gemma-7b?links=guessed");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'links' must be one of declared, hub, inferred, all", await bad.Content.ReadAsStringAsync());

        var family = await http.GetAsync("/families/google/gemma-7b?links=guessed");
        Assert.Equal(HttpStatusCode.BadRequest, family.StatusCode);
        Assert.Contains("'links' must be one of declared, hub, all, inferred", await family.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/families/google/gemma-7b?links=declared")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/models/nobody/nothing/inferred-parents")).StatusCode);
    }

    [Fact]
    public async Task Switched_off_the_service_says_so_naming_the_key()
    {
        await using var off = new InMemoryLineageFactory(new Dictionary<string, string?> { ["OpenAccess:Lineage:Inference:Enabled"] = "false" });
        var client = off.CreateClient();
        await off.Bus.PublishModels(Hub("google/gemma-7b", 0));
        await Eventually.Get(() => client.GetAsync("/models/google/gemma-7b"), r => r.IsSuccessStatusCode, "the model", 30);

        var answer = await client.GetAsync("/models/google/gemma-7b?links=inferred");
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("OpenAccess:Lineage:Inference:Enabled=false", await answer.Content.ReadAsStringAsync());
        var family = await client.GetAsync("/families/google/gemma-7b?links=inferred");
        Assert.Equal(HttpStatusCode.BadRequest, family.StatusCode);
        Assert.Contains("OpenAccess:Lineage:Inference:Enabled=false", await family.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/models/google/gemma-7b")).StatusCode);
    }
}
