namespace OpenAccess.Evaluator.Domain;

public enum Modality
{
    Text,
    Image,
    Audio,
    Video,
    /// <summary>A vector (embedding) rather than content.</summary>
    Embedding,
    /// <summary>A class label or score rather than content.</summary>
    Label,
}

public sealed record Modalities(IReadOnlyList<Modality> Input, IReadOnlyList<Modality> Output);
