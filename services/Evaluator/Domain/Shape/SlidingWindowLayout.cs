namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Which layers of an architecture attend within a sliding window. A config's <c>sliding_window</c> alone does
/// not say: Mistral windows every layer, Gemma 2 alternates local and global layers, and Qwen2 ships the key but
/// leaves it off unless <c>use_sliding_window</c> is set. A config's own <c>layer_types</c> says it exactly and wins.
/// </summary>
public static class SlidingWindowLayout
{
    public const string SlidingAttention = "sliding_attention";

    private static readonly HashSet<string> AllLayersWindowed =
        new(StringComparer.OrdinalIgnoreCase) { "mistral", "mixtral", "phi3", "starcoder2" };

    public static int WindowedLayers(
        string? modelType, int layers, int? slidingWindow, bool? useSlidingWindow = null, IReadOnlyList<string>? layerTypes = null)
    {
        if (slidingWindow is null or <= 0 || useSlidingWindow == false) return 0;
        if (layerTypes is { Count: > 0 })
            return Math.Min(layers, layerTypes.Count(t => string.Equals(t, SlidingAttention, StringComparison.OrdinalIgnoreCase)));
        var byArchitecture = ByArchitecture(modelType, layers);
        // Switched on explicitly for an architecture we do not know the pattern of: every layer, as transformers does by default.
        return useSlidingWindow == true && byArchitecture == 0 ? layers : byArchitecture;
    }

    private static int ByArchitecture(string? modelType, int layers) => modelType?.ToLowerInvariant() switch
    {
        null => 0,
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
