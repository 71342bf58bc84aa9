using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Inference;

/// <summary>Where a piece of evidence for an inferred parent came from; written as its name.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<EvidenceSource>))]
public enum EvidenceSource
{
    /// <summary>The model's name holds the parent's name (with a format or adapter suffix, or more words).</summary>
    Name,
    /// <summary>The card's prose names the parent ("fine-tuned from …", "based on …", a link to its Hub page).</summary>
    CardText,
    /// <summary><c>base_model_name_or_path</c> of the model's adapter config.</summary>
    AdapterConfig,
    /// <summary>The same model type, layers, hidden size, heads, key-value heads and vocabulary.</summary>
    ConfigShape,
    /// <summary>The same author.</summary>
    Author,
    /// <summary>The parent was created before the model.</summary>
    Time,
    /// <summary>The same <c>model_type</c>.</summary>
    ModelType,
}

/// <summary>One piece of evidence: its source and what it found, in words a reader can check.</summary>
public sealed record InferenceEvidence(EvidenceSource Source, string Detail);

/// <summary>
/// A parent recovered for a model that declares none: how sure (0–1, calibrated on the real crawls, docs/lineage.md
/// "Undeclared parents"), which relation, and the evidence behind it.
/// </summary>
public sealed record InferredLink(string ChildId, string ParentId, BaseModelRelation Kind, double Confidence, IReadOnlyList<InferenceEvidence> Evidence);
