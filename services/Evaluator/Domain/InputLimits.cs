using System.Globalization;

namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// The plausible range of every number the Evaluator takes from a config or a what-if (bound from
/// <c>OpenAccess:Evaluator:Limits</c>). A config value outside its range is unknown, with the reason in the profile; a
/// what-if value outside it is refused. The defaults are far beyond any released model and keep every figure within
/// 64-bit bytes and 28-digit decimals, so a figure that still overflows (a custom limit) is refused by name.
/// </summary>
public sealed class InputLimits
{
    public static readonly InputLimits Default = new();

    /// <summary>Parameters of a model, from any source (largest released today: about 2·10^12).</summary>
    public long MaxParameterCount { get; set; } = 1_000_000_000_000_000;
    /// <summary>Sequences served at once (<c>batchSize</c>).</summary>
    public int MaxBatchSize { get; set; } = 1_000_000;
    /// <summary>Tokens of a context, a window, <c>max_position_embeddings</c>, or one side of a request.</summary>
    public int MaxContextTokens { get; set; } = 1_000_000_000;
    /// <summary>Transformer layers (<c>num_hidden_layers</c>).</summary>
    public int MaxLayers { get; set; } = 100_000;
    /// <summary>Attention and key-value heads.</summary>
    public int MaxAttentionHeads { get; set; } = 100_000;
    /// <summary>Any width: hidden size, head dimension, feed-forward and expert widths, latent ranks.</summary>
    public int MaxWidth { get; set; } = 1_000_000;
    /// <summary>Tokens in a vocabulary.</summary>
    public int MaxVocabSize { get; set; } = 100_000_000;
    /// <summary>Experts of a mixture-of-experts layer (routed, shared, per token).</summary>
    public int MaxExperts { get; set; } = 100_000;
    /// <summary>RoPE context-extension factor.</summary>
    public double MaxRopeScalingFactor { get; set; } = 1_000;
    /// <summary>Price of one GPU-hour, US dollars (<c>gpuHourPriceUsd</c>).</summary>
    public decimal MaxGpuHourPriceUsd { get; set; } = 1_000_000;
    /// <summary>Latency of one request (<c>secondsPerRequest</c>): from a millisecond to about 11.6 days.</summary>
    public decimal MinSecondsPerRequest { get; set; } = 0.001m;
    public decimal MaxSecondsPerRequest { get; set; } = 1_000_000;
    /// <summary>Throughput of a deployment (<c>tokensPerSecond</c>).</summary>
    public decimal MinTokensPerSecond { get; set; } = 0.001m;
    public decimal MaxTokensPerSecond { get; set; } = 1_000_000_000;
    /// <summary>GPUs of one deployment plan, tensor-parallel × pipeline-parallel (<c>tensorParallel</c>, <c>pipelineParallel</c>).</summary>
    public int MaxDeploymentGpus { get; set; } = 4_096;

    /// <summary>Each limit that is not a usable bound, as its property name and why; empty when all are.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new (string, long)[]
                 {
                     (nameof(MaxParameterCount), MaxParameterCount), (nameof(MaxBatchSize), MaxBatchSize), (nameof(MaxLayers), MaxLayers),
                     (nameof(MaxAttentionHeads), MaxAttentionHeads), (nameof(MaxWidth), MaxWidth), (nameof(MaxVocabSize), MaxVocabSize),
                     (nameof(MaxExperts), MaxExperts), (nameof(MaxDeploymentGpus), MaxDeploymentGpus),
                 })
        {
            if (value < 1) yield return $"{name} is {value}; it must be at least 1.";
        }

        // A request's input and output tokens, each up to this, must add up within a 32-bit count.
        if (MaxContextTokens is < 1 or > int.MaxValue / 2) yield return $"{nameof(MaxContextTokens)} is {MaxContextTokens}; it must be from 1 to {int.MaxValue / 2}.";
        if (!double.IsFinite(MaxRopeScalingFactor) || MaxRopeScalingFactor < 1) yield return $"{nameof(MaxRopeScalingFactor)} is {MaxRopeScalingFactor}; it must be at least 1.";
        if (MaxGpuHourPriceUsd <= 0) yield return $"{nameof(MaxGpuHourPriceUsd)} is {MaxGpuHourPriceUsd}; it must be positive.";
        if (MinSecondsPerRequest <= 0 || MinSecondsPerRequest > MaxSecondsPerRequest)
            yield return $"{nameof(MinSecondsPerRequest)} ({MinSecondsPerRequest}) must be positive and at most {nameof(MaxSecondsPerRequest)} ({MaxSecondsPerRequest}).";
        if (MinTokensPerSecond <= 0 || MinTokensPerSecond > MaxTokensPerSecond)
            yield return $"{nameof(MinTokensPerSecond)} ({MinTokensPerSecond}) must be positive and at most {nameof(MaxTokensPerSecond)} ({MaxTokensPerSecond}).";
    }

    /// <summary>"1 to 1,000,000": how every range is shown.</summary>
    public static string Range<T>(T min, T max) where T : IFormattable =>
        $"{min.ToString("#,0.###", CultureInfo.InvariantCulture)} to {max.ToString("#,0.###", CultureInfo.InvariantCulture)}";
}
