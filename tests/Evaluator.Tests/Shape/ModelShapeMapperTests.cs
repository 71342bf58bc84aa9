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

        Assert.Equal(new LatentAttentionShape(512, 64) { QLoraRank = 1536, QkNopeHeadDim = 128, VHeadDim = 128 }, shape.LatentAttention);
        Assert.Equal(new MixtureOfExpertsShape(256, 8) { SharedExperts = 1, ExpertIntermediateSize = 2048, DenseLayers = 3 }, shape.Experts);
        Assert.Equal((7168, 18432, 129280), (shape.HiddenSize, shape.IntermediateSize, shape.VocabSize));
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
    public void Layer_types_say_exactly_which_layers_are_windowed_and_shrink_the_cache()
    {
        // gpt-oss style: the config lists each layer's attention, alternating sliding and full.
        var summary = new ModelConfigSummary
        {
            NumHiddenLayers = 4, NumAttentionHeads = 8, NumKeyValueHeads = 1, HeadDim = 64, SlidingWindow = 128,
            LayerTypes = ["sliding_attention", "full_attention", "sliding_attention", "full_attention"],
        };

        var shape = ModelShapeMapper.FromConfig(summary, "gpt_oss");
        var cache = KvCacheCalculator.Estimate(shape, 1_000);

        Assert.Equal(2, shape.SlidingWindowLayers);
        // Per layer per token 2 · 1 · 64 · 2 B = 256 B; two full layers × 1,000 tokens + two windowed × 128.
        Assert.Equal(256L * (2 * 1_000 + 2 * 128), cache.Total.Bytes);
    }

    [Fact]
    public void Use_sliding_window_switches_the_window_off_even_for_Mistral_and_on_for_Qwen2()
    {
        var (mistral, _) = ConfigFixture.LoadSummary(ConfigFixture.Mistral7B);

        Assert.Equal(0, ModelShapeMapper.FromConfig(mistral with { UseSlidingWindow = false }, "mistral").SlidingWindowLayers);
        Assert.Equal(32, ModelShapeMapper.FromConfig(mistral with { UseSlidingWindow = true }, "qwen2").SlidingWindowLayers);
        Assert.Equal(0, ModelShapeMapper.FromConfig(mistral, "qwen2").SlidingWindowLayers);
    }

    [Fact]
    public void Llama_8B_config_gives_its_exact_parameter_count_and_the_context_it_was_stretched_from()
    {
        var shape = ConfigFixture.LoadShape(ConfigFixture.Llama8B);

        Assert.Equal(8_030_261_248, ParameterCounter.FromShape(shape)!.Total);
        Assert.Equal(new ContextProfile(131_072, 8.0, 8_192), ContextProfile.From(shape));
        Assert.False(shape.TiedEmbeddings);
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

    [Fact]
    public void The_Hubs_summary_without_layers_or_heads_names_every_field_the_KV_cache_lacks()
    {
        var mapping = ModelShapeMapper.Map(new ModelConfigSummary { VocabSize = 256_000 }, "gemma");

        Assert.Null(mapping.Shape);
        Assert.Equal(["num_hidden_layers", "num_attention_heads", "head_dim or hidden_size"], mapping.MissingFields);
    }

    [Fact]
    public void Implausible_counts_are_named_with_their_value_and_what_is_accepted_and_a_derivable_head_dim_is_not()
    {
        var mapping = ModelShapeMapper.Map(new ModelConfigSummary { NumHiddenLayers = 28, NumAttentionHeads = 16, NumKeyValueHeads = 0, HiddenSize = 3072 }, "gemma");

        Assert.Null(mapping.Shape);
        Assert.Equal(["num_key_value_heads is 0, accepted: 1 to 100,000"], mapping.MissingFields);
    }

    [Fact]
    public void A_config_with_a_shape_lacks_nothing()
    {
        var mapping = ModelShapeMapper.Map(new ModelConfigSummary { NumHiddenLayers = 28, NumAttentionHeads = 16, HeadDim = 256 }, "gemma");

        Assert.NotNull(mapping.Shape);
        Assert.Empty(mapping.MissingFields);
    }
}
