using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>
/// Large numbers in a what-if: each input outside its plausible range is refused naming the field and the range; the
/// largest accepted inputs are answered; a figure that cannot be held is refused naming the figure. Never a 500.
/// </summary>
public sealed class WhatIfLimitsTests : EvaluatorApiTest
{
    [Theory]
    [InlineData("gpuHourPriceUsd", "1e27", "gpuHourPriceUsd); accepted: 0 to 1,000,000")]
    [InlineData("secondsPerRequest", "1e-28", "secondsPerRequest); accepted: 0.001 to 1,000,000")]
    [InlineData("secondsPerRequest", "1e12", "secondsPerRequest); accepted: 0.001 to 1,000,000")]
    [InlineData("parameterCount", "9223372036854775807", "parameterCount); accepted: 1 to 1,000,000,000,000,000")]
    [InlineData("batchSize", "2147483647", "batchSize); accepted: 1 to 1,000,000")]
    [InlineData("contextTokens", "2000000000", "contextTokens); accepted: 1 to 1,000,000,000")]
    [InlineData("overheadFraction", "1e300", "overheadFraction); accepted: 0 to 10")]
    public async Task An_input_beyond_its_plausible_range_gets_a_400_naming_the_field_and_the_range(string field, string json, string reason)
    {
        var body = Llama405BFp8();
        body[field] = JsonNode.Parse(json);
        if (field == "parameterCount") body["precision"] = "fp32";

        Assert.Contains(reason, await Refused(body));
    }

    [Theory]
    [InlineData("tokensPerSecond", "1e-9", "tokensPerSecond); accepted: 0.001 to 1,000,000,000")]
    [InlineData("tokensPerSecond", "1e20", "tokensPerSecond); accepted: 0.001 to 1,000,000,000")]
    public async Task A_throughput_beyond_its_range_gets_a_400(string field, string json, string reason)
    {
        var body = Llama405BFp8();
        body.Remove("secondsPerRequest");
        body[field] = JsonNode.Parse(json);

        Assert.Contains(reason, await Refused(body));
    }

    [Fact]
    public async Task A_request_of_two_maximal_token_counts_is_refused_rather_than_wrapped()
    {
        var body = Llama405BFp8();
        body["request"] = new JsonObject { ["inputTokens"] = int.MaxValue, ["outputTokens"] = int.MaxValue };

        Assert.Contains("request.inputTokens); accepted: 0 to 1,000,000,000", await Refused(body));
    }

    [Theory]
    [InlineData("numHiddenLayers", 2_143_297_521, "num_hidden_layers (config.numHiddenLayers) is 2,143,297,521; accepted: 1 to 100,000")]
    [InlineData("numAttentionHeads", -8, "num_attention_heads (config.numAttentionHeads) is -8; accepted: 1 to 100,000")]
    [InlineData("headDim", 0, "head_dim (config.headDim) is 0; accepted: 1 to 1,000,000")]
    [InlineData("maxPositionEmbeddings", 2_000_000_000, "max_position_embeddings (config.maxPositionEmbeddings) is 2,000,000,000; accepted: 1 to 1,000,000,000")]
    [InlineData("vocabSize", int.MaxValue, "vocab_size (config.vocabSize) is 2,147,483,647; accepted: 1 to 100,000,000")]
    [InlineData("numExperts", -1, "num_experts (config.numExperts) is -1; accepted: 1 to 100,000")]
    public async Task An_implausible_number_in_a_given_config_gets_a_400_naming_the_key_and_the_range(string key, int value, string reason)
    {
        var body = Llama405BFp8();
        body["config"]![key] = value;

        Assert.Contains(reason, await Refused(body));
    }

    [Fact]
    public async Task The_largest_accepted_inputs_are_answered_with_every_figure()
    {
        var body = Llama405BFp8();
        body["parameterCount"] = 1_000_000_000_000_000;
        body["precision"] = "fp32";
        body["gpuHourPriceUsd"] = 1_000_000;
        body["secondsPerRequest"] = 1_000_000;
        body["request"] = new JsonObject { ["inputTokens"] = 1_000_000_000, ["outputTokens"] = 1_000_000_000 };

        using var response = await http.PostAsJsonAsync("/what-if", body);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.StatusCode == HttpStatusCode.OK, answer.ToString());
        // 10^15 FP32 parameters = 4·10^15 B; with the 67.6 GB cache at 131,072 tokens and 20 %, 4.80008·10^15 B:
        // 60,002 H100s by memory (no power of two that large divides 128 heads).
        Assert.Equal(4_000_000_000_000_000, answer.GetProperty("memory").GetProperty("weights").GetProperty("bytes").GetInt64());
        Assert.Equal(60_002, answer.GetProperty("gpusUsed").GetInt32());
        Assert.Equal(60_002m * 25_000m, answer.GetProperty("capexUsd").GetDecimal());
        // $60,002,000,000 an hour for 10^6 s is one request of $16,667,222,222,222.22…
        Assert.Equal(16_667_222_222_222.22m, Math.Round(answer.GetProperty("selfHosted").GetProperty("cost").GetProperty("costPerRequest").GetDecimal(), 2));
        Assert.False(answer.GetProperty("breakEven").GetProperty("achievable").GetBoolean());
    }

    [Fact]
    public async Task A_figure_too_large_to_hold_gets_a_400_naming_the_figure()
    {
        // Each input is within its range, but 10^6 sequences of 10^9 tokens at 516,096 B a token is 5·10^20 B of cache.
        var body = Llama405BFp8();
        body["contextTokens"] = 1_000_000_000;
        body["batchSize"] = 1_000_000;

        var detail = await Refused(body);

        Assert.Contains("The KV cache of 1,000,000 × 1,000,000,000 tokens is 5.161E+020 bytes, too large to compute", detail);
    }

    [Fact]
    public async Task A_config_whose_parameter_count_overflows_64_bits_needs_a_given_count_and_is_answered_with_one()
    {
        // Every number within its range; the formula's product (10^5 layers · 3 · 10^6 · 10^6 · 10^3 experts…) is not.
        var config = new JsonObject
        {
            ["numHiddenLayers"] = 100_000, ["numAttentionHeads"] = 8, ["numKeyValueHeads"] = 8, ["hiddenSize"] = 1_000_000,
            ["intermediateSize"] = 1_000_000, ["vocabSize"] = 100_000_000, ["numExperts"] = 100_000, ["maxPositionEmbeddings"] = 4096,
        };
        var body = new JsonObject { ["config"] = config, ["modelType"] = "mixtral" };

        Assert.Contains("The parameter count from the config is too large to compute", await Refused(body));

        body["parameterCount"] = 1_000_000_000;
        using var response = await http.PostAsJsonAsync("/what-if", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Given", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("parameters").GetProperty("source").GetString());
    }

    static JsonObject Llama405BFp8()
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(ConfigFixture.Llama405B);
        return new JsonObject
        {
            ["config"] = JsonSerializer.SerializeToNode(summary, JsonSerializerOptions.Web),
            ["modelType"] = modelType,
            ["precision"] = "fp8",
            ["gpuHourPriceUsd"] = 8.25m,
            ["secondsPerRequest"] = 5,
            ["request"] = new JsonObject { ["inputTokens"] = 500, ["outputTokens"] = 100 },
            ["apiPriceId"] = "llama-3.1-405b-instruct",
        };
    }

    async Task<string> Refused(JsonObject body)
    {
        using var response = await http.PostAsync("/what-if", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
    }
}
