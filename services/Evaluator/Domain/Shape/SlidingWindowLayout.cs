namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Which layers of an architecture attend within a sliding window. A config's <c>sliding_window</c> alone does
/// not say: Mistral windows every layer, Gemma 2 alternates local and global layers, and Qwen2 ships the key but
/// leaves it off unless <c>use_sliding_window</c> is set.
/// </summary>
public static class SlidingWindowLayout
{
    private static readonly HashSet<string> AllLayersWindowed =
        new(StringComparer.OrdinalIgnoreCase) { "mistral", "mixtral", "phi3", "starcoder2" };

    public static int WindowedLayers(string? modelType, int layers, int? slidingWindow)
    {
        if (slidingWindow is null or <= 0 || modelType is null) return 0;
        return modelType.ToLowerInvariant() switch
        {
            _ when AllLayersWindowed.Contains(modelType) => layers,
            // Gemma 2: layer i is local when i is even (transformers: is_sliding = not layer_idx % 2).
            "gemma2" => (layers + 1) / 2,
            // Gemma 3: five local layers, then one global (sliding_window_pattern 6).
            "gemma3" or "gemma3_text" => layers - layers / 6,
            // Command R7B (cohere2): three local layers, then one global.
            "cohere2" => layers - layers / 4,
            // Unknown: count every layer as global, an upper bound on the cache.
            _ => 0,
        };
    }
}
