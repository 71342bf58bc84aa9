using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Shape;

public class ModelShapeMapperTests
{
    [Fact]
    public void DeepSeek_V3_maps_to_latent_attention_and_experts()
    {
        var shape = ConfigFixture.LoadShape(ConfigFixture.DeepSeekV3);

        Assert.Equal(new LatentAttentionShape(512, 64) { QLoraRank = 1536 }, shape.LatentAttention);
        Assert.Equal(256, shape.Experts!.RoutedExperts);
        Assert.Equal(8, shape.Experts.ExpertsPerToken);
        Assert.Equal(1, shape.Experts.SharedExperts);
    }

    [Fact]
    public void Mistral_windows_every_layer_and_Llama_none()
    {
        Assert.Equal(32, ConfigFixture.LoadShape(ConfigFixture.Mistral7B).SlidingWindowLayers);
        Assert.Equal(0, ConfigFixture.LoadShape(ConfigFixture.Llama8B).SlidingWindowLayers);
    }

    [Theory]
    [InlineData("gemma2", 42, 21)]   // even layers local
    [InlineData("gemma2", 26, 13)]
    [InlineData("gemma3", 34, 29)]   // 5 local : 1 global
    [InlineData("qwen2", 28, 0)]     // sliding_window present but off unless use_sliding_window
    [InlineData("mistral", 32, 32)]
    public void Which_layers_are_windowed_depends_on_the_architecture(string modelType, int layers, int windowed)
    {
        Assert.Equal(windowed, SlidingWindowLayout.WindowedLayers(modelType, layers, 4096));
    }

    [Fact]
    public void Missing_head_dim_is_derived_and_missing_KV_heads_mean_multi_head_attention()
    {
        var shape = ModelShapeMapper.FromConfig(new ModelConfigSummary { NumHiddenLayers = 24, NumAttentionHeads = 16, HiddenSize = 2048 }, "gpt_neox");

        Assert.Equal(128, shape.HeadDim);
        Assert.Equal(16, shape.KeyValueHeads);
        Assert.False(shape.GatedMlp);
    }

    [Fact]
    public void A_config_without_layers_is_refused_naming_the_key()
    {
        var error = Assert.Throws<AccessCalculationException>(() =>
            ModelShapeMapper.FromConfig(new ModelConfigSummary { NumAttentionHeads = 32, HiddenSize = 4096 }, "llama"));

        Assert.Contains("num_hidden_layers", error.Message);
    }
}
