namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// <c>BytesPerToken</c>: cache one sequence adds per token while no window is full (every layer counted).
/// <c>Total</c>: cache for <c>BatchSize</c> sequences of <c>ContextTokens</c> tokens, windows applied.
/// <c>WindowedLayers</c>: layers whose cache stops growing at the sliding window.
/// <c>ExceedsModelContext</c>: the context asked for is longer than the model's <c>max_position_embeddings</c>.
/// </summary>
public sealed record KvCacheEstimate(
    long BytesPerToken,
    ByteSize Total,
    int ContextTokens,
    int BatchSize,
    Precision Precision,
    int WindowedLayers,
    bool ExceedsModelContext);
