namespace OpenAccess.Evaluator.Domain;

/// <summary>Numeric format of stored weights (or of the KV cache).</summary>
public enum Precision
{
    Fp32,
    Bf16,
    Fp16,
    Fp8,
    Int8,
    Int4,
}

/// <summary>Storage cost of each <see cref="Precision"/>, including the scales a quantization format stores.</summary>
public static class PrecisionFormats
{
    /// <summary>Weights per quantization group of GPTQ/AWQ-style integer formats (their common default).</summary>
    public const int DefaultGroupSize = 128;

    // Fine-grained FP8 (DeepSeek-V3, transformers' fp8 block format): one FP32 scale per 128 x 128 block.
    private const double Fp8BlockScaleBits = 32.0 / (128 * 128);

    /// <summary>
    /// Average bits per weight. INT8 and INT4 are group-wise asymmetric: per group of <paramref name="groupSize"/>
    /// weights, one FP16 scale and one zero point at the weight's own width, i.e. b + (16 + b) / g
    /// (INT4, g = 128: 4.15625 bits). Every weight is assumed quantized, embeddings included.
    /// </summary>
    public static double BitsPerWeight(Precision precision, int groupSize = DefaultGroupSize)
    {
        if (groupSize <= 0) throw new AccessCalculationException($"Quantization group size is {groupSize}; it must be positive.");
        return precision switch
        {
            Precision.Fp32 => 32,
            Precision.Bf16 or Precision.Fp16 => 16,
            Precision.Fp8 => 8 + Fp8BlockScaleBits,
            Precision.Int8 => 8 + (16.0 + 8) / groupSize,
            Precision.Int4 => 4 + (16.0 + 4) / groupSize,
            _ => throw new AccessCalculationException($"Unknown precision {precision}."),
        };
    }

    /// <summary>Bytes of one element with no scale overhead: the width of a KV-cache entry.</summary>
    public static double ElementBytes(Precision precision) => precision switch
    {
        Precision.Fp32 => 4,
        Precision.Bf16 or Precision.Fp16 => 2,
        Precision.Fp8 or Precision.Int8 => 1,
        Precision.Int4 => 0.5,
        _ => throw new AccessCalculationException($"Unknown precision {precision}."),
    };

    /// <summary>The precision a repository stores its weights in, from <c>torch_dtype</c> and <c>quantization_config</c>.</summary>
    public static Precision? FromConfig(string? torchDtype, string? quantizationMethod, int? quantizationBits)
    {
        if (string.Equals(quantizationMethod, "fp8", StringComparison.OrdinalIgnoreCase)) return Precision.Fp8;
        if (quantizationBits is <= 4) return Precision.Int4;
        if (quantizationBits is 8) return Precision.Int8;
        return torchDtype?.ToLowerInvariant() switch
        {
            "float32" or "fp32" => Precision.Fp32,
            "bfloat16" or "bf16" => Precision.Bf16,
            "float16" or "fp16" or "half" => Precision.Fp16,
            _ => null,
        };
    }
}
