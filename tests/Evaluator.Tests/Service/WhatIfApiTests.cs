using OpenAccess.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary><c>POST /what-if</c>: the figures a user sees for a deployment they describe, and the answer to each bad input.</summary>
public sealed class WhatIfApiTests : EvaluatorApiTest
{
    [Fact]
    public async Task Llama_8B_after_its_discovery_needs_15_62_GiB_of_KV_cache_at_128000_tokens()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);

        var answer = await PostOk(new JsonObject { ["modelId"] = ModelEvents.Llama8BId, ["contextTokens"] = 128_000 });

        // 131,072 B a token × 128,000 tokens = 16,777,216,000 B = 15.625 GiB (16.78 GB).
        var cache = answer.GetProperty("kvCache").GetProperty("total");
        Assert.Equal(16_777_216_000, cache.GetProperty("bytes").GetInt64());
        Assert.Equal(15.625, cache.GetProperty("gibibytes").GetDouble());
        Assert.Equal(16.78, Math.Round(cache.GetProperty("gigabytes").GetDouble(), 2));
        // (16,060,522,496 + 16,777,216,000) × 1.2 = 39,405,286,195.2, rounded up to whole bytes.
        var memory = answer.GetProperty("memory");
        Assert.Equal(39_405_286_196, memory.GetProperty("total").GetProperty("bytes").GetInt64());
        Assert.Equal(0.2, memory.GetProperty("overheadFraction").GetDouble());
        Assert.Equal(("Safetensors", 1), (answer.GetProperty("parameters").GetProperty("source").GetString(), answer.GetProperty("gpusUsed").GetInt32()));
    }

    [Fact]
    public async Task The_papers_deployment_of_Llama_405B_on_8_H100s_costs_0_0917_a_request_and_never_breaks_even()
    {
        // Solaiman et al., Appendix A: Llama 3.1 405B Instruct in FP8 on 8 H100s at $8.25 per GPU-hour, 5 s per 500-in/100-out request.
        var answer = await PostOk(Llama405BFp8());

        // 405.95 GB of FP8 weights + 67.65 GB of cache at 131,072 tokens, × 1.2 = 568.3 GB: 8 H100s (7.1 by memory, 8 divides 128 heads).
        Assert.Equal(("Config", 405_853_388_800L), (answer.GetProperty("parameters").GetProperty("source").GetString(), answer.GetProperty("parameters").GetProperty("total").GetInt64()));
        Assert.Equal((8, 8), (answer.GetProperty("gpus").GetProperty("byMemory").GetInt32(), answer.GetProperty("gpusUsed").GetInt32()));
        Assert.Equal(200_000m, answer.GetProperty("capexUsd").GetDecimal());
        // 8 × 0.7 kW × 8,760 h × $0.177.
        Assert.Equal(8 * 0.7m * 8_760m * 0.177m, answer.GetProperty("energyPerYear").GetProperty("cost").GetProperty("cost").GetDecimal());

        var selfHosted = answer.GetProperty("selfHosted");
        Assert.Equal((8, 8.25m, 5m), (selfHosted.GetProperty("gpuCount").GetInt32(), selfHosted.GetProperty("gpuHourPriceUsd").GetDecimal(), selfHosted.GetProperty("secondsPerRequest").GetDecimal()));
        var cost = selfHosted.GetProperty("cost");
        Assert.Equal(0.0917m, Math.Round(cost.GetProperty("costPerRequest").GetDecimal(), 4));
        Assert.Equal(152.78m, Math.Round(cost.GetProperty("costPerMillionTokens").GetDecimal(), 2));
        Assert.Equal(0.0041m, answer.GetProperty("api").GetProperty("costPerRequest").GetDecimal());
        Assert.Equal(5m, answer.GetProperty("api").GetProperty("price").GetProperty("inputPerMillion").GetDecimal());
        Assert.Equal(22.36m, Math.Round(answer.GetProperty("breakEven").GetProperty("utilisation").GetDecimal(), 2));
        Assert.False(answer.GetProperty("breakEven").GetProperty("achievable").GetBoolean());
    }

    [Fact]
    public async Task A_throughput_costs_each_request_its_share_of_the_tokens()
    {
        var body = Llama405BFp8();
        body.Remove("secondsPerRequest");
        body["tokensPerSecond"] = 120;

        var selfHosted = (await PostOk(body)).GetProperty("selfHosted");

        // 600 tokens at 120 tokens/s take 5 s of the $66 hour: the same $0.0917, and $66 / (120 × 3,600) per token.
        Assert.Equal(5m, selfHosted.GetProperty("secondsPerRequest").GetDecimal());
        Assert.Equal(0.0917m, Math.Round(selfHosted.GetProperty("cost").GetProperty("costPerRequest").GetDecimal(), 4));
        Assert.Equal(152.78m, Math.Round(selfHosted.GetProperty("cost").GetProperty("costPerMillionTokens").GetDecimal(), 2));
    }

    [Theory]
    [InlineData("gpuId", "\"abacus\"", "abacus")]
    [InlineData("regionId", "\"atlantis\"", "atlantis")]
    [InlineData("apiPriceId", "\"oracle\"", "oracle")]
    [InlineData("contextTokens", "-1", "Context length is -1")]
    [InlineData("batchSize", "0", "Batch size is 0")]
    [InlineData("precision", "\"fp7\"", "'fp7' is not a precision")]
    [InlineData("secondsPerRequest", "null", "neither")]
    [InlineData("tokensPerSecond", "120", "not both")]
    [InlineData("request", "null", "request profile")]
    public async Task Each_bad_input_gets_a_400_naming_what_is_wrong(string field, string json, string reason)
    {
        var body = Llama405BFp8();
        body[field] = JsonNode.Parse(json);

        using var response = await http.PostAsJsonAsync("/what-if", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_model_gets_a_404_and_no_model_at_all_a_400()
    {
        using var unknown = await http.PostAsJsonAsync("/what-if", new { modelId = "nobody/nothing" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("nobody/nothing", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        using var none = await http.PostAsJsonAsync("/what-if", new { precision = "bf16" });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("modelId", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    static JsonObject Llama405BFp8()
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(ConfigFixture.Llama405B);
        return new JsonObject
        {
            ["config"] = JsonSerializer.SerializeToNode(summary, JsonSerializerOptions.Web),
            ["modelType"] = modelType,
            ["precision"] = "fp8",
            ["gpuId"] = "h100-sxm-80gb",
            ["regionId"] = "us-average",
            ["gpuHourPriceUsd"] = 8.25m,
            ["secondsPerRequest"] = 5,
            ["request"] = new JsonObject { ["inputTokens"] = 500, ["outputTokens"] = 100 },
            ["apiPriceId"] = "llama-3.1-405b-instruct",
        };
    }

    async Task<JsonElement> PostOk(JsonObject body)
    {
        using var response = await http.PostAsJsonAsync("/what-if", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }
}
