using System.Globalization;

namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Checks a tensor-parallel × pipeline-parallel plan against a model and a GPU, and sizes the memory of one GPU.
/// Tensor parallelism splits every layer's attention heads (and its weights) over TP GPUs; pipeline parallelism puts
/// ⌈layers ÷ PP⌉ consecutive layers on each stage. The fullest GPU holds weights × stage layers ÷ layers ÷ TP, the same
/// share of the KV cache (÷ TP when the KV heads are split, ÷ KV heads when they are replicated, whole for a latent
/// cache), and the overhead fraction of both. See docs/access-profiles.md, "Deployment plans".
/// </summary>
public static class DeploymentPlanner
{
    public const string TensorParallelField = "tensorParallel";
    public const string PipelineParallelField = "pipelineParallel";

    /// <summary>The plan charged when the caller gives none: today's tensor-parallel count (else the count by memory), no pipeline.</summary>
    public static PlannedDeployment Default(InferenceMemory memory, ModelShape? shape, Gpu gpu, GpuRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var (count, rule) = (requirement.TensorParallel, shape) switch
        {
            ({ } tp, not null) => (tp, "Default: tensor-parallel over the smallest power of two of GPUs, at least the count by memory, that divides the attention heads; no pipeline parallelism."),
            ({ } tp, null) => (tp, "Default: the smallest power of two of GPUs at least the count by memory (no config, so the heads are not known); no pipeline parallelism."),
            _ => (requirement.ByMemory, "Default: the count by memory (no power of two at least that divides the attention heads); no pipeline parallelism."),
        };
        var tensorSplit = requirement.TensorParallel is not null;
        return Size(new DeploymentPlan(count, 1, PlanSource.Default), rule, memory, tensorSplit ? shape : null, gpu);
    }

    /// <exception cref="AccessCalculationException">A degree below 1, more GPUs than <paramref name="maxGpus"/>, a degree the
    /// heads or layers do not allow, or a plan whose fullest GPU cannot hold its share; naming the field and the rule.</exception>
    public static PlannedDeployment Check(int tensorParallel, int pipelineParallel, InferenceMemory memory, ModelShape? shape, Gpu gpu, int maxGpus)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        if (tensorParallel < 1)
            throw new AccessCalculationException($"Tensor-parallel degree is {tensorParallel} ({TensorParallelField}); it must be at least 1.", TensorParallelField, "at least 1");
        if (pipelineParallel < 1)
            throw new AccessCalculationException($"Pipeline-parallel degree is {pipelineParallel} ({PipelineParallelField}); it must be at least 1.", PipelineParallelField, "at least 1");
        if ((long)tensorParallel * pipelineParallel > maxGpus)
            throw new AccessCalculationException(
                $"The plan uses {N((long)tensorParallel * pipelineParallel)} GPUs ({TensorParallelField} {N(tensorParallel)} × {PipelineParallelField} {N(pipelineParallel)}); at most {N(maxGpus)} (OpenAccess:Evaluator:Limits:MaxDeploymentGpus).",
                $"{TensorParallelField} × {PipelineParallelField}", "at most MaxDeploymentGpus GPUs");
        if (shape is not null)
        {
            if (shape.AttentionHeads % tensorParallel != 0)
                throw new AccessCalculationException(
                    $"Tensor-parallel degree {N(tensorParallel)} ({TensorParallelField}) does not divide the {N(shape.AttentionHeads)} attention heads; tensor parallelism gives each GPU an equal share of them.",
                    TensorParallelField, "divides the attention heads");
            if (shape.LatentAttention is null && shape.KeyValueHeads % tensorParallel != 0 && tensorParallel % shape.KeyValueHeads != 0)
                throw new AccessCalculationException(
                    $"Tensor-parallel degree {N(tensorParallel)} ({TensorParallelField}) neither divides the {N(shape.KeyValueHeads)} key-value heads nor is a multiple of them, so they can neither be split nor replicated evenly.",
                    TensorParallelField, "divides the key-value heads or is a multiple of them");
            if (pipelineParallel > shape.Layers)
                throw new AccessCalculationException(
                    $"Pipeline-parallel degree {N(pipelineParallel)} ({PipelineParallelField}) is more than the {N(shape.Layers)} layers; each stage needs at least one layer.",
                    PipelineParallelField, "at most the layers");
        }

        var planned = Size(new DeploymentPlan(tensorParallel, pipelineParallel, PlanSource.Given), "Given.", memory, shape, gpu);
        if (!planned.Fits)
            throw new AccessCalculationException(
                $"The plan does not fit ({TensorParallelField} {N(tensorParallel)} × {PipelineParallelField} {N(pipelineParallel)}): its fullest GPU needs {planned.PerGpu.Total} "
                + $"(weights {planned.PerGpu.Weights}, KV cache {planned.PerGpu.KvCache}, overhead {planned.PerGpu.Overhead}) and a {gpu.Id} holds {gpu.Memory}.",
                $"{TensorParallelField}, {PipelineParallelField}", "holds weights, KV cache and overhead per GPU");
        return planned;
    }

    private static PlannedDeployment Size(DeploymentPlan plan, string rule, InferenceMemory memory, ModelShape? shape, Gpu gpu)
    {
        int? stageLayers = shape is null ? null : (shape.Layers + plan.PipelineParallel - 1) / plan.PipelineParallel;
        // The fullest stage's share of the layers; without a config, an even split.
        var stageShare = stageLayers is { } s ? (decimal)s / shape!.Layers : 1m / plan.PipelineParallel;
        var (placement, kvShare) = shape switch
        {
            null => (KeyValueHeadPlacement.NotChecked, 1m / plan.TensorParallel),
            { LatentAttention: not null } => (KeyValueHeadPlacement.LatentOnEveryGpu, 1m),
            _ when shape.KeyValueHeads % plan.TensorParallel == 0 => (KeyValueHeadPlacement.Split, 1m / plan.TensorParallel),
            _ when plan.TensorParallel % shape.KeyValueHeads == 0 => (KeyValueHeadPlacement.Replicated, 1m / shape.KeyValueHeads),
            // A default count by memory that does not split the heads: charged as an even spread.
            _ => (KeyValueHeadPlacement.NotChecked, 1m / plan.TensorParallel),
        };
        var weights = Share(memory.Weights, stageShare / plan.TensorParallel);
        var cache = Share(memory.KvCache, stageShare * kvShare);
        var perGpu = InferenceMemoryCalculator.Calculate(weights, cache, memory.OverheadFraction);
        return new PlannedDeployment(plan, rule, placement, stageLayers, perGpu, gpu.Memory, perGpu.Total.Bytes <= gpu.Memory.Bytes);
    }

    private static ByteSize Share(ByteSize whole, decimal share) => new((long)decimal.Ceiling(whole.Bytes * share));

    private static string N(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);
}
