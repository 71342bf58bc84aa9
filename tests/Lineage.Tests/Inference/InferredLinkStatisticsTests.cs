using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Tests.Service;
using OpenAccess.Testing;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>
/// Families and statistics with <c>links=inferred</c>: the recovered parents at or above
/// <c>OpenAccess:Lineage:Inference:StatisticsMinConfidence</c> count, the answer states the threshold and how many links, and
/// the default answers stay declared (docs/lineage.md "Undeclared parents").
/// </summary>
public sealed class InferredLinkStatisticsTests
{
    static readonly DateTimeOffset Created = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    static ModelDiscovered Hub(string id, int days, params string[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], Sha = "sha" + days, CreatedAt = Created.AddDays(days), LastModified = Created.AddDays(days), ModelType = "gemma",
        BaseModels = [.. parents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune))],
    };

    /// <summary>gemma-7b with one declared fine-tune and a quantization that declares nothing (its parent by name).</summary>
    static async Task<HttpClient> GemmaAsync(InMemoryLineageFactory factory)
    {
        var http = factory.CreateClient();
        await factory.Bus.PublishModels(Hub("google/gemma-7b", 0));
        await factory.Bus.PublishModels(Hub("google/gemma-7b-it", 1, "google/gemma-7b"));
        await factory.Bus.PublishModels(Hub("someone/google-gemma-7b-GGUF", 30));
        await Eventually.Get(async () =>
        {
            using var response = await http.GetAsync("/models/someone/google-gemma-7b-GGUF?links=inferred"); // a 404 until it arrives
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("parents").GetArrayLength() : 0;
        }, parents => parents == 1, "the quantization's inferred parent", 30);
        return http;
    }

    /// <summary>The service with recovery every 200 ms and the given <c>OpenAccess:Lineage:Inference</c> settings.</summary>
    internal static InMemoryLineageFactory Factory(params (string Key, string Value)[] settings) => new(
        settings.Append((Key: "Interval", Value: "00:00:00.200")).ToDictionary(s => "OpenAccess:Lineage:Inference:" + s.Key, s => (string?)s.Value));

    [Fact]
    public async Task Families_and_statistics_count_inferred_links_above_the_threshold_and_say_so_while_the_default_stays_declared()
    {
        await using var factory = Factory();
        var http = await GemmaAsync(factory);

        var inferred = await Eventually.Get(async () => await http.GetFromJsonAsync<JsonElement>("/families/google/gemma-7b?links=inferred"),
            f => f.GetProperty("derivatives").GetInt32() == 2, "the family with its inferred quantization", 30);
        Assert.Equal(1, inferred.GetProperty("byRelation").GetProperty("Quantized").GetInt32());
        Assert.Equal(0.8, inferred.GetProperty("inferredLinks").GetProperty("minConfidence").GetDouble());
        Assert.Equal(1, inferred.GetProperty("inferredLinks").GetProperty("count").GetInt32());

        foreach (var declared in new[] { "/families/google/gemma-7b", "/families/google/gemma-7b?links=declared", "/families/google/gemma-7b?links=all" })
        {
            var family = await http.GetFromJsonAsync<JsonElement>(declared);
            Assert.Equal(1, family.GetProperty("derivatives").GetInt32());
            Assert.False(family.TryGetProperty("inferredLinks", out _), declared);
        }

        var series = await http.GetFromJsonAsync<JsonElement>("/families/google/gemma-7b/adoption?links=inferred");
        Assert.Equal(2, series.GetProperty("months").EnumerateArray().Last().GetProperty("cumulativeDerivatives").GetInt32());
        Assert.Equal(1, series.GetProperty("inferredLinks").GetProperty("count").GetInt32());
        var declaredSeries = await http.GetFromJsonAsync<JsonElement>("/families/google/gemma-7b/adoption");
        Assert.Equal(1, declaredSeries.GetProperty("months").EnumerateArray().Last().GetProperty("cumulativeDerivatives").GetInt32());

        // A list answer is wrapped, so it can say what it was built from.
        var top = await http.GetFromJsonAsync<JsonElement>("/families?links=inferred");
        Assert.Equal(2, top.GetProperty("items")[0].GetProperty("derivatives").GetInt32());
        Assert.Equal(0.8, top.GetProperty("inferredLinks").GetProperty("minConfidence").GetDouble());
        Assert.Equal(JsonValueKind.Array, (await http.GetFromJsonAsync<JsonElement>("/families")).ValueKind);

        var concentration = await http.GetFromJsonAsync<JsonElement>("/stats/concentration?links=inferred");
        Assert.Equal(1, concentration.GetProperty("inferredLinks").GetProperty("count").GetInt32());
        Assert.True((await http.GetFromJsonAsync<JsonElement>("/stats/new-models?period=month&links=inferred")).TryGetProperty("inferredLinks", out _));
        Assert.False((await http.GetFromJsonAsync<JsonElement>("/stats/new-models?period=month")).TryGetProperty("inferredLinks", out _));
    }

    [Fact]
    public async Task A_threshold_above_the_link_leaves_the_family_as_declared_and_the_answer_says_so()
    {
        await using var factory = Factory(("StatisticsMinConfidence", "0.99"));
        var http = await GemmaAsync(factory);
        // The run that found the link (shown on the model) has already given the graph its links at or above the threshold.

        var family = await http.GetFromJsonAsync<JsonElement>("/families/google/gemma-7b?links=inferred");
        Assert.Equal(1, family.GetProperty("derivatives").GetInt32());
        Assert.Equal(0.99, family.GetProperty("inferredLinks").GetProperty("minConfidence").GetDouble());
        Assert.Equal(0, family.GetProperty("inferredLinks").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Without_the_inferred_graph_links_inferred_is_a_400_naming_the_key_and_the_model_route_still_answers()
    {
        await using var factory = Factory(("InferredLinkGraph", "false"));
        var http = await GemmaAsync(factory);

        foreach (var path in new[] { "/families/google/gemma-7b?links=inferred", "/families?links=inferred", "/stats/concentration?links=inferred" })
        {
            var answer = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Contains("OpenAccess:Lineage:Inference:InferredLinkGraph=false", await answer.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/families/google/gemma-7b")).StatusCode);
    }

    [Theory]
    [InlineData("StatisticsMinConfidence", "1.5", "OpenAccess:Lineage:Inference:StatisticsMinConfidence must be a number from 0 to 1")]
    [InlineData("AdoptionSeries", "true", "OpenAccess:Lineage:Inference:AdoptionSeries=true needs")]
    public void A_bad_setting_fails_start_up_naming_the_key(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["OpenAccess:Lineage:Inference:" + key] = value };
        if (key == "AdoptionSeries") settings["OpenAccess:Lineage:Inference:InferredLinkGraph"] = "false";
        using var factory = new InMemoryLineageFactory(settings);
        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(message, failure.ToString());
    }
}
