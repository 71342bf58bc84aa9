namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// <c>ByMemory</c>: fewest GPUs whose combined memory holds the requirement, ⌈required bytes ÷ GPU bytes⌉.
/// <c>TensorParallel</c>: fewest GPUs, at least <c>ByMemory</c>, that a tensor-parallel split can use, a power of two
/// dividing the attention heads; null when no such count exists.
/// </summary>
public sealed record GpuRequirement(string GpuId, ByteSize Required, int ByMemory, int? TensorParallel);
