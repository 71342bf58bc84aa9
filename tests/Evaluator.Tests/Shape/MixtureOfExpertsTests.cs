using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Shape;

/// <summary>Active parameters of mixture-of-experts models: from the config's expert fields, else from the name (flagged), and a contradicting config counted dense.</summary>
public sealed class MixtureOfExpertsTests
{
    static readonly AccessProfileCalculator Calculator = new(
        GpuCatalogue.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Catalogues", "gpus.json")), "gpus.json"),
        EnergyPriceCatalogue.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Catalogues", "energy-prices.json")), "energy-prices.json"));

    [Fact]
    public void DeepSeek_V3_reads_its_experts_from_the_config_37_B_active_of_671_B()
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(ConfigFixture.DeepSeekV3);
        var profile = Calculator.Calculate(new AccessProfileInput { ModelId = "deepseek-ai/DeepSeek-V3", Config = summary, ModelType = modelType });

        var parameters = profile.Parameters!;
        Assert.Equal(ParameterCountSource.Config, parameters.Source);
        Assert.InRange(parameters.Total / 671e9, 0.99, 1.01);
        // 37.55 B: the report's "37 B activated" is that figure cut to whole billions (its 671 B is 671.03 B).
        Assert.Equal(37, Math.Floor(parameters.Active!.Value / 1e9));
        Assert.InRange(parameters.Active!.Value / 37e9, 1.0, 1.02);
        Assert.Equal((ActiveParameterSource.Config, 256, 8, 1), (parameters.Experts!.Source, parameters.Experts.RoutedExperts, parameters.Experts.ExpertsPerToken, parameters.Experts.SharedExperts));
        Assert.Contains("3 dense layers", parameters.Experts.Evidence);
        Assert.Null(parameters.DenseFallback);
    }

    [Fact]
    public void Llama_4_Scout_without_a_config_takes_17_B_active_of_its_109_B_from_its_name_flagged()
    {
        // The bundled snapshot's record (services/Standalone/Seed): safetensors 108,641,793,536 in BF16, no layer shape in its config.
        var profile = Calculator.Calculate(new AccessProfileInput { ModelId = "meta-llama/Llama-4-Scout-17B-16E", SafetensorsParameters = 108_641_793_536 });

        var parameters = profile.Parameters!;
        Assert.InRange(parameters.Total / 109e9, 0.99, 1.01);
        Assert.InRange(parameters.Active!.Value / 17e9, 0.99, 1.01);
        Assert.Equal((ActiveParameterSource.ModelName, 16), (parameters.Experts!.Source, parameters.Experts.RoutedExperts));
        Assert.Equal(parameters.Active, parameters.ComputeParameters);
        Assert.Contains(profile.Notes, n => n.Contains("read from the name", StringComparison.Ordinal) && n.Contains("nominal", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ConfigFixture.Llama8B)]
    [InlineData(ConfigFixture.Llama70B)]
    [InlineData(ConfigFixture.Llama405B)]
    [InlineData(ConfigFixture.Mistral7B)]
    public void A_dense_config_reads_no_experts_and_every_parameter_active(string fixture)
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(fixture);
        var profile = Calculator.Calculate(new AccessProfileInput { ModelId = "meta-llama/dense", Config = summary, ModelType = modelType });

        Assert.Null(profile.Parameters!.Experts);
        Assert.Null(profile.Parameters.Active);
        Assert.Null(profile.Parameters.DenseFallback);
        Assert.Equal(profile.Parameters.Total, profile.Parameters.ComputeParameters);
    }

    [Theory]
    [InlineData("meta-llama/Llama-4-Scout-17B-16E", null, 17_000_000_000L, 16)]
    [InlineData("meta-llama/Llama-4-Maverick-17B-128E-Instruct", null, 17_000_000_000L, 128)]
    [InlineData("Qwen/Qwen3-30B-A3B", 30_000_000_000L, 3_000_000_000L, null)]
    [InlineData("Qwen/Qwen1.5-MoE-A2.7B", null, 2_700_000_000L, null)]
    [InlineData("mistralai/Mixtral-8x7B-v0.1", 56_000_000_000L, null, 8)]
    public void A_name_gives_the_total_and_the_active_size_apart(string id, long? total, long? active, int? experts)
    {
        Assert.Equal(total, ModelNameParameterParser.TryParse(id));
        var read = ModelNameParameterParser.TryParseExperts(id)!;
        Assert.Equal((active, experts), (read.Active, read.Experts));
    }

    [Fact]
    public void A_dense_name_declares_no_experts()
    {
        Assert.Null(ModelNameParameterParser.TryParseExperts("meta-llama/Llama-3.1-8B"));
        Assert.Null(ModelNameParameterParser.TryParseExperts("mistralai/Mistral-7B-v0.1"));
    }

    [Theory]
    [InlineData(300, null, "num_experts_per_tok")]
    [InlineData(null, 0, "names no routed experts")]
    [InlineData(null, -1, "first_k_dense_replace")]
    public void Expert_fields_that_contradict_each_other_are_said_and_the_model_is_counted_dense(int? perToken, int? routed, string said)
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(ConfigFixture.DeepSeekV3);
        summary = summary with
        {
            NumExpertsPerToken = perToken ?? summary.NumExpertsPerToken,
            NumExperts = routed == 0 ? null : summary.NumExperts,
            FirstKDenseReplace = routed == -1 ? 61 : summary.FirstKDenseReplace,
        };

        var profile = Calculator.Calculate(new AccessProfileInput { ModelId = "deepseek-ai/DeepSeek-V3", Config = summary, ModelType = modelType });

        Assert.Null(profile.Shape!.Experts);
        Assert.Null(profile.Parameters!.Active);
        Assert.Null(profile.Parameters.Experts);
        Assert.Contains(said, profile.Parameters.DenseFallback);
        Assert.Contains(profile.Notes, n => n.StartsWith("Mixture of experts not used", StringComparison.Ordinal) && n.Contains("counted as dense", StringComparison.Ordinal));
    }
}
