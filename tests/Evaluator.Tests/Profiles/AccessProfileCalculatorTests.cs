using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Catalogues;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Profiles;

public class AccessProfileCalculatorTests
{
    private readonly AccessProfileCalculator _calculator = new(CatalogueFiles.Gpus(), CatalogueFiles.EnergyPrices());

    private static AccessProfileInput Llama405B()
    {
        var (summary, modelType) = ConfigFixture.LoadSummary(ConfigFixture.Llama405B);
        return new AccessProfileInput
        {
            ModelId = "meta-llama/Llama-3.1-405B",
            Config = summary,
            ModelType = modelType,
            Licence = "llama3.1",
            Gated = true,
            PipelineTag = "text-generation",
        };
    }

    [Fact]
    public void Llama_405B_in_FP16_at_128K_tokens_needs_11_H100s_by_memory_and_16_for_tensor_parallelism()
    {
        var profile = _calculator.Calculate(Llama405B(), new AccessProfileOptions { ContextTokens = 128_000, OverheadFraction = 0 });
        var fp16 = profile.Resourcing.Single(r => r.Precision == Precision.Fp16);

        // The config gives 405,853,388,800 parameters: 811.71 GB of FP16 weights + 66.06 GB of 8-head cache = 877.77 GB
        // / 80 GB = 10.97, so 11; 16 is the first power of two from 11 that divides 128 heads.
        Assert.Equal(ParameterCountSource.Config, profile.Parameters!.Source);
        Assert.Equal(877.77, Math.Round(fp16.Memory.Total.Gigabytes, 2));
        Assert.Equal(11, fp16.Gpus.ByMemory);
        Assert.Equal(16, fp16.Gpus.TensorParallel);
        Assert.Equal(16 * 25_000m, fp16.CapexUsd);
        // 16 × 0.7 kW × 8,760 h × $0.177.
        Assert.Equal(16 * 0.7m * 8_760m * 0.177m, fp16.EnergyPerYear.Single(e => e.RegionId == "us-average").Cost.Cost);
        Assert.Equal(LicenceClass.OpenWithUseRestrictions, profile.Licence);
        Assert.Equal([Modality.Text], profile.Modalities!.Output);
        Assert.Empty(profile.Notes);
    }

    [Fact]
    public void Without_a_context_the_cache_is_sized_for_the_models_own_maximum()
    {
        var profile = _calculator.Calculate(Llama405B());

        // 126 layers · 8 heads · 128 · 2 · 2 B = 516,096 B per token × 131,072 tokens.
        Assert.Equal(131_072, profile.KvCache!.ContextTokens);
        Assert.Equal(516_096L * 131_072, profile.KvCache.Total.Bytes);
    }

    [Fact]
    public void A_model_without_config_or_size_still_gets_usability_and_says_what_is_missing()
    {
        var profile = _calculator.Calculate(new AccessProfileInput { ModelId = "someone/mystery", Licence = "cc-by-nc-4.0" });

        Assert.Null(profile.Parameters);
        Assert.Empty(profile.Resourcing);
        Assert.Equal(LicenceClass.NonCommercial, profile.Licence);
        Assert.Equal(2, profile.Notes.Count);
    }

    [Fact]
    public void An_unknown_GPU_is_refused()
    {
        Assert.Throws<AccessCalculationException>(() => _calculator.Calculate(Llama405B(), new AccessProfileOptions { GpuId = "abacus" }));
    }
}
