using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

/// <summary>The type of a model in the "new models per week by type" statistic.</summary>
public enum ModelKind : byte
{
    Pretrained,
    FineTune,
    ChatInstruct,
    Adapter,
    Quantized,
    Merge,
}

/// <summary>Classifies a model from its parent links, tags, name and leaderboard label.</summary>
public static class ModelKindRules
{
    /// <summary>
    /// The relation of a model's own link into its families: Merge when any link is a merge (a merge
    /// lists all its parents), otherwise the relation of the first link; null for a model without parents.
    /// </summary>
    public static BaseModelRelation? OwnRelation(IReadOnlyList<BaseModelLink> parents)
    {
        if (parents.Count == 0) return null;
        foreach (var link in parents)
            if (link.Relation == BaseModelRelation.Merge) return BaseModelRelation.Merge;
        return parents[0].Relation;
    }

    public static ModelKind Classify(LineageModel model, BaseModelRelation? ownRelation) => ownRelation switch
    {
        null => ModelKind.Pretrained,
        BaseModelRelation.Adapter => ModelKind.Adapter,
        BaseModelRelation.Quantized => ModelKind.Quantized,
        BaseModelRelation.Merge => ModelKind.Merge,
        _ => IsChatOrInstruct(model) ? ModelKind.ChatInstruct : ModelKind.FineTune,
    };

    public static bool IsChatOrInstruct(LineageModel model)
    {
        foreach (var tag in model.Tags)
            if (tag.Equals("conversational", StringComparison.OrdinalIgnoreCase)) return true;
        var name = model.Id[(model.Id.IndexOf('/') + 1)..];
        if (name.Contains("chat", StringComparison.OrdinalIgnoreCase) ||
            name.Contains("instruct", StringComparison.OrdinalIgnoreCase)) return true;
        var label = model.LeaderboardTypeLabel;
        return label is not null && (label.Contains("chat", StringComparison.OrdinalIgnoreCase) || label.Contains("💬", StringComparison.Ordinal));
    }

    public static BaseModelRelation? RelationOf(ModelKind kind, bool hasParents) => !hasParents ? null : kind switch
    {
        ModelKind.Adapter => BaseModelRelation.Adapter,
        ModelKind.Quantized => BaseModelRelation.Quantized,
        ModelKind.Merge => BaseModelRelation.Merge,
        _ => BaseModelRelation.Finetune,
    };
}
