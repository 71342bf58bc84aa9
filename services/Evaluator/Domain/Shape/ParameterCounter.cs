namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// The parameter count of a model: exact from safetensors when known, else computed from the config,
/// else read from the name. See docs/access-profiles.md for the formula.
/// </summary>
public static class ParameterCounter
{
    /// <summary>
    /// The first usable count. A source that gives an implausible count (beyond <see cref="InputLimits.MaxParameterCount"/>,
    /// or too large to compute) is passed over, and <paramref name="notes"/> says why.
    /// </summary>
    public static ParameterCount? Resolve(long? safetensorsCount, ModelShape? shape, string? modelId, InputLimits? limits = null, ICollection<string>? notes = null)
    {
        var count = ResolveTotal(safetensorsCount, shape, modelId, limits, notes);
        return count is null ? null : WithExperts(count, shape, modelId);
    }

    /// <summary>
    /// The config's experts when it gave an active count; else the name's (<c>17B-16E</c>: 17 B active of 16 experts,
    /// <c>30B-A3B</c>: 3 B active, <c>8x7B</c>: 8 experts, active not in the name). An active count from the name at or
    /// above the total is not an active count and is left out.
    /// </summary>
    private static ParameterCount WithExperts(ParameterCount count, ModelShape? shape, string? modelId)
    {
        if (shape?.Experts is { } moe && count.Active is not null)
            return count with
            {
                Experts = new ExpertsReading(ActiveParameterSource.Config, moe.RoutedExperts, moe.ExpertsPerToken, moe.SharedExperts,
                    $"config: {moe.RoutedExperts} routed experts, {moe.ExpertsPerToken} per token, {moe.SharedExperts} shared, {moe.DenseLayers} dense layers"
                    + (moe.ExpertIntermediateSize is { } width ? $", expert width {width}" : "")),
            };
        if (shape?.Experts is not null || ModelNameParameterParser.TryParseExperts(modelId) is not { } name) return count;
        var active = name.Active is { } a && a < count.Total ? a : (long?)null;
        return count with { Active = active, Experts = new ExpertsReading(ActiveParameterSource.ModelName, name.Experts, null, null, name.Evidence) };
    }

    private static ParameterCount? ResolveTotal(long? safetensorsCount, ModelShape? shape, string? modelId, InputLimits? limits, ICollection<string>? notes)
    {
        var max = (limits ?? InputLimits.Default).MaxParameterCount;
        var computed = shape is null ? null : Plausible(() => FromShape(shape), "computed from the config", max, notes);
        if (safetensorsCount is { } exact)
        {
            if (exact > 0 && exact <= max)
            {
                // The config still tells how many of the exact parameters sit in experts a token skips.
                long? active = computed?.Active is { } a ? exact - (computed.Total - a) : null;
                return new ParameterCount(exact, active, ParameterCountSource.Safetensors);
            }
            notes?.Add($"The safetensors parameter count {exact:N0} is not plausible (accepted: {InputLimits.Range(1, max)}); it is ignored.");
        }
        if (computed is not null) return computed;
        return Plausible(() => ModelNameParameterParser.TryParse(modelId) is { } fromName ? new ParameterCount(fromName, null, ParameterCountSource.ModelName) : null,
            "read from the model's name", max, notes);
    }

    private static ParameterCount? Plausible(Func<ParameterCount?> source, string how, long max, ICollection<string>? notes)
    {
        try
        {
            var count = source();
            if (count is null || count.Total <= max) return count;
            notes?.Add($"The parameter count {how}, {count.Total:N0}, is beyond the plausible {max:N0}; it is ignored.");
        }
        catch (AccessCalculationException e)
        {
            notes?.Add($"No parameter count {how}: {e.Message}");
        }
        return null;
    }

    /// <summary>
    /// Embeddings (V·H, twice unless tied) + final norm H + per layer: attention + feed-forward (dense or experts)
    /// + two norms 2H. Biases are left out (a few million at most). Null when the shape lacks
    /// a positive hidden size, vocabulary or feed-forward width.
    /// </summary>
    /// <exception cref="AccessCalculationException">The count is too large for 64 bits.</exception>
    public static ParameterCount? FromShape(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Figures.Checked("The parameter count from the config", () => Count(shape));
    }

    private static ParameterCount? Count(ModelShape shape)
    {
        if (shape.HiddenSize is not (> 0 and var h) || shape.VocabSize is not (> 0 and var v) || shape.IntermediateSize is not (> 0 and var ffn)) return null;
        if (shape.LatentAttention is { QkNopeHeadDim: null } or { VHeadDim: null }) return null;

        long hidden = h;
        long attention = AttentionParameters(shape, hidden);
        long matrices = shape.GatedMlp ? 3 : 2;
        long denseFeedForward = matrices * hidden * ffn;
        long norms = 2 * hidden;

        long total = v * hidden * (shape.TiedEmbeddings ? 1 : 2) + hidden;
        long? active = null;
        if (shape.Experts is { } moe)
        {
            long expert = matrices * hidden * (moe.ExpertIntermediateSize ?? ffn);
            // Router: one logit per routed expert (DeepSeek-V3 adds a bias of the same size).
            long moeLayer = (moe.RoutedExperts + moe.SharedExperts) * expert + moe.RoutedExperts * hidden;
            int moeLayers = shape.Layers - moe.DenseLayers;
            total += shape.Layers * (attention + norms) + moe.DenseLayers * denseFeedForward + moeLayers * moeLayer;
            active = total - (long)moeLayers * (moe.RoutedExperts - moe.ExpertsPerToken) * expert;
        }
        else
        {
            total += shape.Layers * (attention + denseFeedForward + norms);
        }
        return new ParameterCount(total, active, ParameterCountSource.Config);
    }

    private static long AttentionParameters(ModelShape shape, long hidden)
    {
        long heads = shape.AttentionHeads;
        if (shape.LatentAttention is { } mla)
        {
            long nope = mla.QkNopeHeadDim!.Value, rope = mla.QkRopeHeadDim, value = mla.VHeadDim!.Value;
            long query = mla.QLoraRank is { } q
                ? hidden * q + q + q * heads * (nope + rope)   // down-projection, its norm, up-projection
                : hidden * heads * (nope + rope);
            long keyValue = hidden * (mla.KvLoraRank + rope) + mla.KvLoraRank + mla.KvLoraRank * heads * (nope + value);
            return query + keyValue + heads * value * hidden;
        }
        long queryWidth = heads * shape.HeadDim;
        long kvWidth = (long)shape.KeyValueHeads * shape.HeadDim;
        return hidden * queryWidth + 2 * hidden * kvWidth + queryWidth * hidden;
    }
}
