using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Shape;

public class ParameterCounterTests
{
    [Fact]
    public void Llama_3_1_8B_computed_from_its_config_is_8_03_billion()
    {
        // Embeddings and LM head 2 · 128,256 · 4,096 = 1,050,673,152; per layer attention
        // 4,096 · (4,096 + 2 · 1,024 + 4,096) = 41,943,040, MLP 3 · 4,096 · 14,336 = 176,160,768, norms 8,192;
        // 32 layers · 218,112,000 + 1,050,673,152 + final norm 4,096 = 8,030,261,248, the safetensors total the Hub reports
        // for Llama-3-8B-architecture repositories (it occurs in the project's Hub crawl data).
        var count = ParameterCounter.FromShape(ConfigFixture.LoadShape(ConfigFixture.Llama8B));

        Assert.NotNull(count);
        Assert.Equal(8_030_261_248, count.Total);
        Assert.Equal(ParameterCountSource.Config, count.Source);
        Assert.Null(count.Active);
    }

    // Published sizes: Llama-3.1-70B 70.55 B and 405B 405.85 B on their Hub pages; Mistral-7B-v0.1 7,241,732,096
    // (a safetensors total in the project's Hub crawl data).
    [Theory]
    [InlineData(ConfigFixture.Llama70B, 70.55)]
    [InlineData(ConfigFixture.Llama405B, 405.85)]
    [InlineData(ConfigFixture.Mistral7B, 7.24)]
    public void Dense_models_computed_from_config_match_their_published_sizes(string config, double billions)
    {
        var count = ParameterCounter.FromShape(ConfigFixture.LoadShape(config))!;

        Assert.Equal(billions, Math.Round(count.Total / 1e9, 2));
    }

    [Fact]
    public void DeepSeek_V3_has_671_B_resident_and_37_B_active_per_token()
    {
        // The DeepSeek-V3 technical report: 671 B total, 37 B activated (without the 14 B multi-token-prediction module).
        // Active here is 37.55 B: 61 layers' attention, 3 dense MLPs, 58 × (8 routed + 1 shared) experts, both
        // embedding matrices; the report's "37 B" is that figure truncated.
        var count = ParameterCounter.FromShape(ConfigFixture.LoadShape(ConfigFixture.DeepSeekV3))!;

        Assert.Equal(671.03, Math.Round(count.Total / 1e9, 2));
        Assert.Equal(37, Math.Floor(count.Active!.Value / 1e9));
        Assert.Equal(count.Active, count.ComputeParameters);
    }

    [Fact]
    public void Without_vocabulary_and_feed_forward_width_the_config_cannot_give_a_count()
    {
        Assert.Null(ParameterCounter.FromShape(ShapeWithoutWidths(ConfigFixture.Llama8B)));
    }

    private static ModelShape ShapeWithoutWidths(string config)
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(config);
        return ModelShapeMapper.FromConfig(summary with { VocabSize = null, IntermediateSize = null }, modelType);
    }

    [Fact]
    public void The_exact_safetensors_count_wins_and_the_config_still_splits_out_active_experts()
    {
        var shape = ConfigFixture.LoadShape(ConfigFixture.DeepSeekV3);
        var computed = ParameterCounter.FromShape(shape)!;
        // Illustrative exact count: the Hub lists DeepSeek-V3 as "685B", its multi-token-prediction module included.
        const long hubCount = 685_000_000_000;

        var resolved = ParameterCounter.Resolve(hubCount, shape, "deepseek-ai/DeepSeek-V3")!;

        Assert.Equal(ParameterCountSource.Safetensors, resolved.Source);
        Assert.Equal(hubCount, resolved.Total);
        Assert.Equal(hubCount - (computed.Total - computed.Active!.Value), resolved.Active);
    }

    [Fact]
    public void Without_safetensors_or_config_the_name_gives_a_nominal_count()
    {
        var fromConfig = ParameterCounter.Resolve(null, ConfigFixture.LoadShape(ConfigFixture.Mistral7B), "mistralai/Mistral-7B-v0.1")!;
        var fromName = ParameterCounter.Resolve(null, ShapeWithoutWidths(ConfigFixture.Mistral7B), "mistralai/Mistral-7B-v0.1")!;

        Assert.Equal(ParameterCountSource.Config, fromConfig.Source);
        Assert.Equal(ParameterCountSource.ModelName, fromName.Source);
        Assert.Equal(7_000_000_000, fromName.Total);
        Assert.Null(ParameterCounter.Resolve(null, null, "bert-base-uncased"));
    }
}
