namespace OpenAccess.Evaluator.Domain;

/// <param name="MaxTokens">Longest context the model is configured for (<c>max_position_embeddings</c>).</param>
/// <param name="RopeScalingFactor">How far rotary scaling stretched the context it was pre-trained at, when the config says.</param>
/// <param name="PretrainedTokens">Context before scaling (<c>rope_scaling.original_max_position_embeddings</c>).</param>
public sealed record ContextProfile(int? MaxTokens, double? RopeScalingFactor, int? PretrainedTokens)
{
    public static ContextProfile From(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return new ContextProfile(shape.MaxPositionEmbeddings, shape.RopeScalingFactor, shape.OriginalMaxPositionEmbeddings);
    }
}
