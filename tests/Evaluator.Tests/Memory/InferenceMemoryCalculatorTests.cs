using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Tests.Memory;

public class InferenceMemoryCalculatorTests
{
    [Fact]
    public void Inference_needs_20_percent_over_weights_and_cache_by_default()
    {
        var weights = new ByteSize(16_000_000_000);
        var cache = new ByteSize(4_000_000_000);

        var memory = InferenceMemoryCalculator.Calculate(weights, cache);

        Assert.Equal(4_000_000_000, memory.Overhead.Bytes);
        Assert.Equal(24.0, memory.Total.Gigabytes);
    }

    [Fact]
    public void The_overhead_fraction_is_configurable_and_zero_means_weights_plus_cache()
    {
        var memory = InferenceMemoryCalculator.Calculate(new ByteSize(10_000_000_000), new ByteSize(2_000_000_000), overheadFraction: 0.35);
        var bare = InferenceMemoryCalculator.Calculate(new ByteSize(10_000_000_000), new ByteSize(2_000_000_000), overheadFraction: 0);

        Assert.Equal(16.2, memory.Total.Gigabytes);
        Assert.Equal(12.0, bare.Total.Gigabytes);
    }

    [Fact]
    public void A_negative_overhead_is_refused()
    {
        var error = Assert.Throws<AccessCalculationException>(() => InferenceMemoryCalculator.Calculate(new ByteSize(1), new ByteSize(1), -0.1));
        Assert.Contains("Overhead fraction is -0.1", error.Message);
    }
}
