using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Shape;

/// <summary>Every config number the mapper reads is checked against <see cref="InputLimits"/>: the real configs pass, absurd ones are unknown with a reason.</summary>
public sealed class PlausibleConfigTests
{
    [Theory]
    [InlineData(ConfigFixture.Llama8B)]
    [InlineData(ConfigFixture.Llama70B)]
    [InlineData(ConfigFixture.Llama405B)]
    [InlineData(ConfigFixture.Mistral7B)]
    [InlineData(ConfigFixture.DeepSeekV3)]
    public void Every_real_config_is_within_the_default_limits(string fixture)
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(fixture);

        var mapping = ModelShapeMapper.Map(summary, modelType);

        Assert.Empty(mapping.Problems);
        Assert.True(mapping.ParametersComputable);
        Assert.NotNull(ParameterCounter.Resolve(null, mapping.Shape, null));
    }

    [Theory]
    [InlineData(nameof(ModelConfigSummary.VocabSize), "vocab_size")]
    [InlineData(nameof(ModelConfigSummary.IntermediateSize), "intermediate_size")]
    [InlineData(nameof(ModelConfigSummary.HiddenSize), "hidden_size")]
    public void An_absurd_number_of_the_parameter_formula_leaves_the_shape_but_no_count(string property, string key)
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(ConfigFixture.Llama8B);
        var absurd = With(summary, property, 1_000_000_000) with { HeadDim = 128 };

        var mapping = ModelShapeMapper.Map(absurd, modelType);

        Assert.NotNull(mapping.Shape);
        Assert.False(mapping.ParametersComputable);
        Assert.Contains(mapping.Problems, p => p.Contains($"{key} (config.") && p.Contains("is 1,000,000,000; accepted: 1 to"));
    }

    [Theory]
    [InlineData(nameof(ModelConfigSummary.MaxPositionEmbeddings), "max_position_embeddings")]
    [InlineData(nameof(ModelConfigSummary.SlidingWindow), "sliding_window")]
    [InlineData(nameof(ModelConfigSummary.RopeScalingOriginalMaxPositionEmbeddings), "original_max_position_embeddings")]
    public void An_absurd_context_number_is_unknown_and_the_parameter_count_still_computed(string property, string key)
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(ConfigFixture.Llama8B);

        var mapping = ModelShapeMapper.Map(With(summary, property, -4096), modelType);

        Assert.True(mapping.ParametersComputable);
        Assert.Contains(mapping.Problems, p => p.Contains(key) && p.Contains("is -4,096"));
        Assert.Equal(8_030_261_248, ParameterCounter.FromShape(mapping.Shape!)!.Total);
    }

    [Fact]
    public void Limits_are_settings_a_stricter_deployment_can_lower()
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(ConfigFixture.Llama405B);

        var error = Assert.Throws<AccessCalculationException>(() => ModelShapeMapper.FromConfig(summary, modelType, new InputLimits { MaxLayers = 100 }));

        Assert.Equal("The config's num_hidden_layers (config.numHiddenLayers) is 126; accepted: 1 to 100.", error.Message);
    }

    [Fact]
    public void A_parameter_formula_beyond_64_bits_is_refused_by_name_not_wrapped()
    {
        var shape = new ModelShape
        {
            Layers = 100_000, AttentionHeads = 8, KeyValueHeads = 8, HeadDim = 128, HiddenSize = 1_000_000, VocabSize = 100_000_000,
            IntermediateSize = 1_000_000, Experts = new MixtureOfExpertsShape(100_000, 8),
        };

        var error = Assert.Throws<AccessCalculationException>(() => ParameterCounter.FromShape(shape));
        var notes = new List<string>();

        Assert.Equal("The parameter count from the config is too large to compute from these inputs.", error.Message);
        Assert.Null(ParameterCounter.Resolve(null, shape, "x/y", notes: notes));
        Assert.Equal(["No parameter count computed from the config: The parameter count from the config is too large to compute from these inputs."], notes);
    }

    [Fact]
    public void Sizes_beyond_64_bits_of_bytes_are_refused_by_name()
    {
        var error = Assert.Throws<AccessCalculationException>(() => WeightsMemoryCalculator.Calculate(long.MaxValue, Precision.Fp32));

        Assert.StartsWith("The Fp32 weights of 9,223,372,036,854,775,807 parameters is 3.689E+019 bytes, too large to compute", error.Message);
    }

    static ModelConfigSummary With(ModelConfigSummary summary, string property, int value)
    {
        var copy = summary with { };
        typeof(ModelConfigSummary).GetProperty(property)!.SetValue(copy, value);
        return copy;
    }
}
