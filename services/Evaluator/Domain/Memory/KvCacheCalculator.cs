namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Key-value cache size. Standard, grouped-query and multi-query attention keep a key and a value per KV head
/// per layer: 2 · kv_heads · head_dim elements per layer per token. Multi-head latent attention keeps one
/// compressed latent plus the shared rotary key: kv_lora_rank + qk_rope_head_dim elements per layer per token.
/// A sliding-window layer never holds more than the window.
/// </summary>
public static class KvCacheCalculator
{
    public static KvCacheEstimate Estimate(ModelShape shape, int contextTokens, int batchSize = 1, Precision precision = Precision.Bf16)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (contextTokens <= 0) throw new AccessCalculationException($"Context length is {contextTokens} tokens; it must be at least 1.");
        if (batchSize <= 0) throw new AccessCalculationException($"Batch size is {batchSize}; it must be at least 1.");

        var elementBytes = PrecisionFormats.ElementBytes(precision);
        var perLayerPerToken = ElementsPerLayerPerToken(shape) * elementBytes;

        var windowed = shape.LatentAttention is null && shape.SlidingWindow is > 0 ? Math.Clamp(shape.SlidingWindowLayers, 0, shape.Layers) : 0;
        var windowTokens = windowed > 0 ? Math.Min(contextTokens, shape.SlidingWindow!.Value) : 0;
        var tokenLayers = (double)(shape.Layers - windowed) * contextTokens + (double)windowed * windowTokens;

        return new KvCacheEstimate(
            BytesPerToken: Figures.Bytes("The KV cache per token", perLayerPerToken * shape.Layers).Bytes,
            Total: Figures.Bytes(() => $"The KV cache of {batchSize:N0} × {contextTokens:N0} tokens", perLayerPerToken * tokenLayers * batchSize),
            ContextTokens: contextTokens,
            BatchSize: batchSize,
            Precision: precision,
            WindowedLayers: windowed,
            ExceedsModelContext: shape.MaxPositionEmbeddings is { } max && contextTokens > max);
    }

    private static long ElementsPerLayerPerToken(ModelShape shape) =>
        shape.LatentAttention is { } mla
            ? mla.KvLoraRank + mla.QkRopeHeadDim
            : 2L * shape.KeyValueHeads * shape.HeadDim;
}
