namespace OpenAccess.Evaluator.Domain;

/// <summary>Whether the caller gave the plan or the Evaluator chose it (<see cref="DeploymentPlanner.Default"/>).</summary>
public enum PlanSource
{
    Given,
    Default,
}

/// <summary>How the key-value heads sit on the tensor-parallel GPUs.</summary>
public enum KeyValueHeadPlacement
{
    /// <summary>Tensor-parallel degree divides the KV heads: each GPU holds KV heads ÷ TP of them.</summary>
    Split,
    /// <summary>Tensor-parallel degree is a multiple of the KV heads: each GPU holds one KV head, copied TP ÷ KV heads times (as vLLM does).</summary>
    Replicated,
    /// <summary>Multi-head latent attention: every head reads one shared latent, so each GPU holds the whole latent.</summary>
    LatentOnEveryGpu,
    /// <summary>No config: the heads are unknown, the cache is spread evenly.</summary>
    NotChecked,
}

/// <summary>
/// A deployment: <c>TensorParallel</c> GPUs split each layer (its heads), <c>PipelineParallel</c> stages split the layers;
/// <c>GpuCount</c> = TP × PP GPUs in all.
/// </summary>
public sealed record DeploymentPlan(int TensorParallel, int PipelineParallel, PlanSource Source)
{
    public int GpuCount => TensorParallel * PipelineParallel;
}

/// <summary>
/// A plan as sized: the memory on the fullest GPU (<c>PerGpu</c>: its share of weights, KV cache and overhead), the layers
/// of the largest stage, where the KV heads went, and <c>Rule</c>: how a default plan was chosen, or "given".
/// </summary>
public sealed record PlannedDeployment(
    DeploymentPlan Plan,
    string Rule,
    KeyValueHeadPlacement KeyValueHeads,
    int? LayersPerStage,
    InferenceMemory PerGpu,
    ByteSize GpuMemory,
    bool Fits);
