namespace OpenAccess.Evaluator.Domain;

/// <summary>Weights, KV cache and <c>Overhead</c> (activations, CUDA context, allocator fragmentation: a fraction of weights + cache).</summary>
public sealed record InferenceMemory(ByteSize Weights, ByteSize KvCache, ByteSize Overhead, ByteSize Total, double OverheadFraction);

/// <summary>Inference memory = (weights + KV cache) × (1 + overhead fraction).</summary>
public static class InferenceMemoryCalculator
{
    /// <summary>The paper's rule of thumb: inference needs about 20 % more than the model's memory.</summary>
    public const double DefaultOverheadFraction = 0.20;

    /// <summary>Ten times the weights and cache: beyond any runtime's overhead.</summary>
    public const double MaxOverheadFraction = 10;

    public static InferenceMemory Calculate(ByteSize weights, ByteSize kvCache, double overheadFraction = DefaultOverheadFraction)
    {
        if (double.IsNaN(overheadFraction) || overheadFraction < 0 || overheadFraction > MaxOverheadFraction)
            throw new AccessCalculationException($"Overhead fraction is {overheadFraction}; it must be between 0 and 10.");
        if (weights.Bytes < 0 || kvCache.Bytes < 0) throw new AccessCalculationException("Memory sizes cannot be negative.");
        var overhead = Figures.Bytes("The memory overhead", ((double)weights.Bytes + kvCache.Bytes) * overheadFraction);
        var total = Figures.Checked("The inference memory (weights + KV cache + overhead)", () => weights + kvCache + overhead);
        return new InferenceMemory(weights, kvCache, overhead, total, overheadFraction);
    }
}
