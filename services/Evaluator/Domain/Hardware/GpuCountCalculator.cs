namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// How many GPUs a memory requirement needs. Both sides are compared in bytes, the GPU's memory taken as its
/// marketed decimal gigabytes: the basis on which the paper's 810 GB of Llama 3.1 405B FP16 weights need 11 H100s.
/// </summary>
public static class GpuCountCalculator
{
    public static GpuRequirement Calculate(ByteSize required, Gpu gpu, int? attentionHeads)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        if (required.Bytes <= 0) throw new AccessCalculationException("The memory to fit must be positive.");
        if (attentionHeads is <= 0) throw new AccessCalculationException($"Attention heads is {attentionHeads}; it must be positive.");

        var perGpu = gpu.Memory.Bytes;
        var byMemory = Figures.Checked(() => $"The number of {gpu.Id} GPUs for {required}", () => (int)((required.Bytes - 1) / perGpu + 1));
        return new GpuRequirement(gpu.Id, required, byMemory, TensorParallelCount(byMemory, attentionHeads));
    }

    /// <summary>
    /// Tensor parallelism splits attention heads evenly across GPUs, and serving engines take power-of-two degrees.
    /// With unknown heads the power of two alone is returned.
    /// </summary>
    public static int? TensorParallelCount(int atLeast, int? attentionHeads)
    {
        // Counted in 64 bits: doubling past 2^30 must end the search, not overflow.
        for (long count = 1; count <= (attentionHeads ?? int.MaxValue); count *= 2)
        {
            if (count < atLeast) continue;
            if (attentionHeads is null || attentionHeads % count == 0) return (int)count;
        }
        return null;
    }
}
