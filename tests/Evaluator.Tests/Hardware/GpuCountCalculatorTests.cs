using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Tests.Catalogues;
using OpenAccess.Evaluator.Tests.Fixtures;

namespace OpenAccess.Evaluator.Tests.Hardware;

public class GpuCountCalculatorTests
{
    private const long Llama405BNominal = 405_000_000_000;
    private static readonly Gpu H100 = CatalogueFiles.Gpus().Get("h100-sxm-80gb");
    private static readonly int Heads405B = ConfigFixture.LoadShape(ConfigFixture.Llama405B).AttentionHeads;

    [Fact]
    public void Llama_405B_FP16_weights_need_11_H100s_by_memory_as_the_paper_says()
    {
        // The paper's basis: 405 × 10^9 parameters × 2 bytes = 810 GB of weights alone, no overhead, against 80 × 10^9
        // bytes per H100: 810 / 80 = 10.125, so 11.
        var weights = WeightsMemoryCalculator.Calculate(Llama405BNominal, Precision.Fp16);

        var requirement = GpuCountCalculator.Calculate(weights, H100, Heads405B);

        Assert.Equal(11, requirement.ByMemory);
        // Tensor parallelism over 128 heads takes a power of two: 16.
        Assert.Equal(16, requirement.TensorParallel);
    }

    [Fact]
    public void Llama_405B_FP8_fits_6_H100s_by_memory_but_the_papers_minimum_of_8_is_the_tensor_parallel_count()
    {
        var weights = WeightsMemoryCalculator.Calculate(Llama405BNominal, Precision.Fp8);

        var requirement = GpuCountCalculator.Calculate(weights, H100, Heads405B);

        Assert.Equal(6, requirement.ByMemory);        // 405.1 GB / 80 GB = 5.06
        Assert.Equal(8, requirement.TensorParallel);  // the paper's "at minimum 8 NVIDIA H100 GPUs"
    }

    [Fact]
    public void Adding_the_papers_128K_cache_to_FP16_weights_gives_its_12_H100s()
    {
        var weights = WeightsMemoryCalculator.Calculate(Llama405BNominal, Precision.Fp16);
        var sixteenHeadCache = KvCacheCalculator.Estimate(ConfigFixture.LoadShape(ConfigFixture.Llama405B) with { KeyValueHeads = 16 }, 128_000);
        var memory = InferenceMemoryCalculator.Calculate(weights, sixteenHeadCache.Total, overheadFraction: 0);

        var requirement = GpuCountCalculator.Calculate(memory.Total, H100, Heads405B);

        // 810 GB + 132.12 GB = 942.12 GB / 80 GB = 11.78, so 12; with the default 20 % overhead it would be 15.
        Assert.Equal(12, requirement.ByMemory);
        var withOverhead = InferenceMemoryCalculator.Calculate(weights, sixteenHeadCache.Total);
        Assert.Equal(15, GpuCountCalculator.Calculate(withOverhead.Total, H100, Heads405B).ByMemory);
    }

    [Theory]
    [InlineData(3, 32, 4)]
    [InlineData(1, 32, 1)]
    [InlineData(9, 24, null)]  // 16 does not divide 24 heads, 32 exceeds them
    [InlineData(5, 40, 8)]
    [InlineData(3, null, 4)]
    [InlineData(1_073_741_825, null, null)]          // past 2^30 the next power of two is beyond 32 bits: none, not an overflow
    [InlineData(int.MaxValue, int.MaxValue, null)]
    public void The_tensor_parallel_count_is_a_power_of_two_dividing_the_heads(int byMemory, int? heads, int? expected)
    {
        Assert.Equal(expected, GpuCountCalculator.TensorParallelCount(byMemory, heads));
    }

    [Fact]
    public void A_requirement_beyond_two_billion_GPUs_is_refused_naming_the_figure()
    {
        // 2^63 bytes over 1 GB cards: 9.2 billion of them.
        var card = new Gpu("card-1gb", "1 GB card", 1, 10, null, null, "test");

        var error = Assert.Throws<AccessCalculationException>(() => GpuCountCalculator.Calculate(new ByteSize(long.MaxValue), card, null));

        Assert.StartsWith("The number of card-1gb GPUs", error.Message);
    }

    [Fact]
    public void An_empty_requirement_is_refused()
    {
        Assert.Throws<AccessCalculationException>(() => GpuCountCalculator.Calculate(ByteSize.Zero, H100, 32));
    }
}
