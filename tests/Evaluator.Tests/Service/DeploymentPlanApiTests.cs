using OpenAccess.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>
/// <c>POST /what-if</c> with a deployment plan (<c>tensorParallel</c> × <c>pipelineParallel</c>) and an energy
/// utilisation: seed 001's 12-GPU deployment of Llama 3.1 405B, the default plan named as such, and each bad plan.
/// </summary>
public sealed class DeploymentPlanApiTests : EvaluatorApiTest
{
    [Theory]
    [InlineData("us-average", 13_024.37)]
    [InlineData("us-san-francisco", 28_035.50)]
    public async Task Seed_001s_twelve_GPU_energy_figures_come_from_tensor_parallel_4_by_pipeline_parallel_3(string region, decimal seedFigure)
    {
        // Solaiman et al., Appendix A: Llama 3.1 405B in FP16 with the 128K cache on 12 H100s, on the paper's basis of no
        // overhead. 4 × 3 divides the 128 heads and 8 KV heads and the 126 layers (42 a stage).
        var body = Llama405BFp16(region);
        body["tensorParallel"] = 4;
        body["pipelineParallel"] = 3;

        var answer = await PostOk(body);

        Assert.Equal(12, answer.GetProperty("gpusUsed").GetInt32());
        var plan = answer.GetProperty("plan");
        Assert.Equal((4, 3, "Given"), (plan.GetProperty("plan").GetProperty("tensorParallel").GetInt32(),
            plan.GetProperty("plan").GetProperty("pipelineParallel").GetInt32(), plan.GetProperty("plan").GetProperty("source").GetString()));
        Assert.Equal(("Split", 42), (plan.GetProperty("keyValueHeads").GetString(), plan.GetProperty("layersPerStage").GetInt32()));
        // A GPU holds 1/12 of 811.7 GB of weights and 1/12 of the 66.06 GB cache (2 of the 8 KV heads, 42 of 126 layers): 73.15 GB of 80.
        var perGpu = answer.GetProperty("memoryPerGpu");
        var weights = answer.GetProperty("memory").GetProperty("weights").GetProperty("bytes").GetInt64();
        var cache = answer.GetProperty("memory").GetProperty("kvCache").GetProperty("bytes").GetInt64();
        Assert.Equal((weights + 11) / 12, perGpu.GetProperty("weights").GetProperty("bytes").GetInt64());
        Assert.Equal((cache + 11) / 12, perGpu.GetProperty("kvCache").GetProperty("bytes").GetInt64());
        Assert.Equal(73.15, Math.Round(perGpu.GetProperty("total").GetProperty("gigabytes").GetDouble(), 2));
        Assert.True(plan.GetProperty("fits").GetBoolean());

        var energy = answer.GetProperty("energyPerYear").GetProperty("cost");
        Assert.Equal(73_584m, energy.GetProperty("kilowattHours").GetDecimal());
        Assert.Equal(1m, energy.GetProperty("utilisation").GetDecimal());
        Assert.Equal(seedFigure, Money.ToCents(energy.GetProperty("cost").GetDecimal()));
        Assert.Equal(300_000m, answer.GetProperty("capexUsd").GetDecimal());
    }

    [Fact]
    public async Task Without_a_plan_the_default_tensor_parallel_count_applies_and_is_named()
    {
        var answer = await PostOk(Llama405BFp16("us-average"));

        // 877.8 GB need 11 H100s by memory; the smallest power of two from 11 dividing 128 heads is 16.
        Assert.Equal((11, 16), (answer.GetProperty("gpus").GetProperty("byMemory").GetInt32(), answer.GetProperty("gpusUsed").GetInt32()));
        var plan = answer.GetProperty("plan");
        Assert.Equal((16, 1, "Default"), (plan.GetProperty("plan").GetProperty("tensorParallel").GetInt32(),
            plan.GetProperty("plan").GetProperty("pipelineParallel").GetInt32(), plan.GetProperty("plan").GetProperty("source").GetString()));
        Assert.StartsWith("Default: tensor-parallel", plan.GetProperty("rule").GetString());
        // 16 GPUs over 8 KV heads: each holds one, copied twice.
        Assert.Equal("Replicated", plan.GetProperty("keyValueHeads").GetString());
    }

    [Fact]
    public async Task Energy_utilisation_is_an_input_and_stated_in_the_answer()
    {
        var body = Llama405BFp16("us-average");
        body["tensorParallel"] = 4;
        body["pipelineParallel"] = 3;
        body["energyUtilisation"] = 0.5;

        var energy = (await PostOk(body)).GetProperty("energyPerYear").GetProperty("cost");

        Assert.Equal(0.5m, energy.GetProperty("utilisation").GetDecimal());
        Assert.Equal(73_584m / 2, energy.GetProperty("kilowattHours").GetDecimal());
        Assert.Equal(6_512.18m, Money.ToCents(energy.GetProperty("cost").GetDecimal()));
    }

    [Theory]
    [InlineData(0, 3, null, "tensorParallel", "at least 1")]
    [InlineData(4, -1, null, "pipelineParallel", "at least 1")]
    [InlineData(4_096, 2, null, "tensorParallel × pipelineParallel", "at most MaxDeploymentGpus GPUs")]
    [InlineData(3, 1, null, "tensorParallel", "divides the attention heads")]
    [InlineData(1, 127, null, "pipelineParallel", "at most the layers")]
    [InlineData(4, 2, null, "tensorParallel, pipelineParallel", "holds weights, KV cache and overhead per GPU")]
    // The paper's 12 GPUs hold the model only without overhead: with the default 20 % a GPU needs 87.8 GB.
    [InlineData(4, 3, 0.2, "tensorParallel, pipelineParallel", "holds weights, KV cache and overhead per GPU")]
    public async Task A_bad_plan_gets_a_400_naming_the_field_and_the_rule(int tensorParallel, int pipelineParallel, double? overhead, string field, string rule)
    {
        var body = Llama405BFp16("us-average");
        body["tensorParallel"] = tensorParallel;
        body["pipelineParallel"] = pipelineParallel;
        if (overhead is { } f) body["overheadFraction"] = f;

        var problem = await PostBad(body);

        Assert.Equal((field, rule), (problem.GetProperty("field").GetString(), problem.GetProperty("rule").GetString()));
        Assert.Contains(field.Split(',')[0].Split(' ')[0], problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Tensor_parallel_that_neither_divides_nor_replicates_the_key_value_heads_is_refused()
    {
        // 24 query heads share 6 KV heads: 4 GPUs split the query heads, but 6 KV heads can be neither split over 4 nor copied evenly.
        var body = Llama405BFp16("us-average");
        body["config"]!["numAttentionHeads"] = 24;
        body["config"]!["numKeyValueHeads"] = 6;
        body["config"]!["headDim"] = 128;
        body["tensorParallel"] = 4;

        var problem = await PostBad(body);

        Assert.Equal("divides the key-value heads or is a multiple of them", problem.GetProperty("rule").GetString());
        Assert.Contains("6 key-value heads", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    public async Task An_energy_utilisation_outside_0_to_1_is_refused_by_name(double utilisation)
    {
        var body = Llama405BFp16("us-average");
        body["energyUtilisation"] = utilisation;

        var problem = await PostBad(body);

        Assert.Equal("energyUtilisation", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Compare_sizes_every_model_under_the_plan_asked_for_and_refuses_a_bad_one_by_name()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);

        var plain = await http.GetFromJsonAsync<JsonElement>($"/compare?ids={ModelEvents.Llama8BId}");
        Assert.Equal(JsonValueKind.Null, plain[0].GetProperty("deployment").ValueKind);

        var planned = await http.GetFromJsonAsync<JsonElement>($"/compare?ids={ModelEvents.Llama8BId}&tensorParallel=2&pipelineParallel=2&precision=fp8");
        var deployment = planned[0].GetProperty("deployment");
        Assert.Equal((4, "Fp8"), (deployment.GetProperty("gpusUsed").GetInt32(), deployment.GetProperty("precision").GetString()));
        Assert.Equal(("Given", 8), (deployment.GetProperty("plan").GetProperty("plan").GetProperty("source").GetString(), deployment.GetProperty("plan").GetProperty("layersPerStage").GetInt32() / 2));

        foreach (var (query, field) in new[] { ("tensorParallel=3", "tensorParallel"), ("tensorParallel=two", "tensorParallel"), ("pipelineParallel=0", "pipelineParallel") })
        {
            using var response = await http.GetAsync($"/compare?ids={ModelEvents.Llama8BId}&{query}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, problem.ToString());
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task The_plan_limit_is_the_setting_MaxDeploymentGpus()
    {
        await using var limited = new InMemoryEvaluatorFactory(new Dictionary<string, string?> { ["OpenAccess:Evaluator:Limits:MaxDeploymentGpus"] = "8" });
        using var client = limited.CreateClient();
        var body = Llama405BFp16("us-average");
        body["tensorParallel"] = 4;
        body["pipelineParallel"] = 3;

        using var response = await client.PostAsJsonAsync("/what-if", body);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("tensorParallel × pipelineParallel", problem.GetProperty("field").GetString());
        Assert.Contains("at most 8 (OpenAccess:Evaluator:Limits:MaxDeploymentGpus)", problem.GetProperty("detail").GetString());
    }

    static JsonObject Llama405BFp16(string region)
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(ConfigFixture.Llama405B);
        return new JsonObject
        {
            ["config"] = JsonSerializer.SerializeToNode(summary, JsonSerializerOptions.Web),
            ["modelType"] = modelType,
            ["precision"] = "fp16",
            ["contextTokens"] = 128_000,
            ["overheadFraction"] = 0,
            ["gpuId"] = "h100-sxm-80gb",
            ["regionId"] = region,
        };
    }

    async Task<JsonElement> PostOk(JsonObject body)
    {
        using var response = await http.PostAsJsonAsync("/what-if", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }

    async Task<JsonElement> PostBad(JsonObject body)
    {
        using var response = await http.PostAsJsonAsync("/what-if", body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, json.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return json;
    }
}
