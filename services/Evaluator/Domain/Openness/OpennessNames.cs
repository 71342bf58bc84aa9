namespace OpenAccess.Evaluator.Domain;

/// <summary>The openness vocabulary as <c>AccessProfileUpdated</c> spells it: lower-case, hyphenated.</summary>
public static class OpennessNames
{
    public static string Of(OpennessClass value) => value switch
    {
        OpennessClass.OpenScience => "open-science",
        OpennessClass.OpenModel => "open-model",
        OpennessClass.OpenWeights => "open-weights",
        OpennessClass.WeightsNotReleased => "weights-not-released",
        _ => "unknown",
    };

    public static string Of(OpennessComponent value) => value switch
    {
        OpennessComponent.Weights => "weights",
        OpennessComponent.InferenceCode => "inference-code",
        OpennessComponent.TrainingCode => "training-code",
        OpennessComponent.TrainingData => "training-data",
        OpennessComponent.Licence => "licence",
        _ => "documentation",
    };

    public static string Of(ComponentStatus value) => value switch
    {
        ComponentStatus.Open => "open",
        ComponentStatus.Partial => "partial",
        ComponentStatus.Restricted => "restricted",
        ComponentStatus.NotFound => "not-found",
        _ => "unknown",
    };
}
