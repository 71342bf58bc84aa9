using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Inference;

/// <summary>
/// What parent recovery reads of one model: the cheap metadata a harvested record carries. The card's mentions and the adapter
/// config are optional because the Hub's model-info record carries neither (the Harvester reads the mentions from a card where
/// a snapshot gives one): the engine uses them where a caller has them.
/// </summary>
public sealed record InferenceModel
{
    public required string Id { get; init; }
    public string? Author { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public string? ModelType { get; init; }
    public ConfigShape? Shape { get; init; }

    /// <summary>
    /// The Hub models the card names, in card order, with the derivation a phrase before each states
    /// (<see cref="ModelCardSummary.ModelMentions"/>, as the Harvester reads them); the first
    /// <see cref="InferenceOptions.MaxCardMentions"/> are looked up.
    /// </summary>
    public IReadOnlyList<ModelMention> CardMentions { get; init; } = [];

    /// <summary><c>base_model_name_or_path</c> of the repository's <c>adapter_config.json</c>, where known.</summary>
    public string? AdapterBaseModel { get; init; }

    /// <summary>The parents the Hub's tags name. A model with any is not given inferred parents (a declared link always wins).</summary>
    public IReadOnlyList<string> DeclaredParents { get; init; } = [];
}

/// <summary>
/// The config fields that fix a transformer's weight shapes. Two models with the same shape can share weights; a fine-tune
/// or a quantization keeps its base's shape. Only a shape with every field known is used.
/// </summary>
public sealed record ConfigShape(string ModelType, int Layers, int HiddenSize, int AttentionHeads, int KeyValueHeads, int VocabSize);
