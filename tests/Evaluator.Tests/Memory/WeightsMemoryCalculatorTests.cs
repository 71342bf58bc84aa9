using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Tests.Memory;

public class WeightsMemoryCalculatorTests
{
    private const long Llama8BParameters = 8_030_261_248; // the Hub's safetensors count for Llama-3.1-8B

    [Fact]
    public void Llama_405B_needs_810_GB_in_FP16_and_about_405_GB_in_FP8_as_the_paper_says()
    {
        Assert.Equal(810.0, WeightsMemoryCalculator.Calculate(405_000_000_000, Precision.Fp16).Gigabytes);
        // FP8 adds one FP32 scale per 128 × 128 block: 405e9 · (1 + 4/16,384) B = 405.0989 GB.
        Assert.Equal(405.10, Math.Round(WeightsMemoryCalculator.Calculate(405_000_000_000, Precision.Fp8).Gigabytes, 2));
    }

    [Fact]
    public void Gigabytes_and_gibibytes_are_labelled_apart()
    {
        var bf16 = WeightsMemoryCalculator.Calculate(Llama8BParameters, Precision.Bf16);

        // 16,060,522,496 B = 16.06 GB (÷ 10^9) = 14.96 GiB (÷ 2^30).
        Assert.Equal(2 * Llama8BParameters, bf16.Bytes);
        Assert.Equal(16.06, Math.Round(bf16.Gigabytes, 2));
        Assert.Equal(14.96, Math.Round(bf16.Gibibytes, 2));
        Assert.Equal("16.06 GB (14.96 GiB)", bf16.ToString());
    }

    [Fact]
    public void INT4_carries_group_scales_and_zero_points()
    {
        var int4 = WeightsMemoryCalculator.Calculate(Llama8BParameters, Precision.Int4);
        var int8 = WeightsMemoryCalculator.Calculate(Llama8BParameters, Precision.Int8);

        // 4 bits + (16-bit scale + 4-bit zero) / 128 weights = 4.15625 bits: 3.90 % over a bare 4 bits.
        Assert.Equal((long)Math.Ceiling(Llama8BParameters * 4.15625 / 8), int4.Bytes);
        Assert.Equal(4.17, Math.Round(int4.Gigabytes, 2));
        // 8 + 24 / 128 = 8.1875 bits.
        Assert.Equal((long)Math.Ceiling(Llama8BParameters * 8.1875 / 8), int8.Bytes);
        // Larger groups, less overhead: g = 32 gives 4.625 bits.
        Assert.Equal((long)Math.Ceiling(Llama8BParameters * 4.625 / 8), WeightsMemoryCalculator.Calculate(Llama8BParameters, Precision.Int4, groupSize: 32).Bytes);
    }

    [Fact]
    public void Every_precision_is_reported_from_FP32_down()
    {
        var all = WeightsMemoryCalculator.AllPrecisions(Llama8BParameters);

        Assert.Equal(4 * Llama8BParameters, all[Precision.Fp32].Bytes);
        Assert.Equal(all[Precision.Bf16], all[Precision.Fp16]);
        Assert.True(all[Precision.Fp8].Bytes < all[Precision.Int8].Bytes);
        Assert.True(all[Precision.Int4].Bytes * 3 < all[Precision.Bf16].Bytes);
    }

    [Fact]
    public void A_non_positive_parameter_count_is_refused()
    {
        var error = Assert.Throws<AccessCalculationException>(() => WeightsMemoryCalculator.Calculate(0, Precision.Bf16));
        Assert.Contains("Parameter count is 0", error.Message);
    }

    [Theory]
    [InlineData("bfloat16", null, null, Precision.Bf16)]
    [InlineData("float16", null, null, Precision.Fp16)]
    [InlineData("bfloat16", "fp8", null, Precision.Fp8)]  // DeepSeek-V3: computes in BF16, stores FP8
    [InlineData("float16", "gptq", 4, Precision.Int4)]
    [InlineData("float16", "bitsandbytes", 8, Precision.Int8)]
    public void The_stored_precision_is_read_from_the_config(string dtype, string? method, int? bits, Precision expected)
    {
        Assert.Equal(expected, PrecisionFormats.FromConfig(dtype, method, bits));
    }
}
