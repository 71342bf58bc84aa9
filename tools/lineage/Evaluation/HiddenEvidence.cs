using OpenAccess.Harvester.Domain;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.LineageTools.Evaluation;

/// <summary>What the record of a hidden model still carries about its declared parent, once the declaration is hidden.</summary>
public enum HiddenEvidence
{
    /// <summary>The card (front matter without <c>base_model</c>, and prose) names the parent's Hub id, or its <c>-hf</c> twin.</summary>
    CardNamesParent,
    /// <summary>The card does not, but the model's name holds the parent's name (its tokens, less a trailing <c>-hf</c>, in a run).</summary>
    NameHoldsParent,
    /// <summary>A Hub record with a card that names another model or none, and a name without the parent's.</summary>
    NoneCardElsewhere,
    /// <summary>A Hub record without a card, and a name without the parent's.</summary>
    NoneNoCard,
    /// <summary>Known by id only (no card, date or config), and a name without the parent's.</summary>
    NoneIdOnly,
}

public static class HiddenEvidenceOf
{
    const int MaxTokens = 64;

    /// <summary>Reads the model as recovery sees it (its declaration hidden) for any trace of the declared parent.</summary>
    public static HiddenEvidence Classify(InferenceModel hidden, string? hiddenCard, string parentId, bool idOnly)
    {
        var twin = parentId.EndsWith("-hf", StringComparison.OrdinalIgnoreCase) ? parentId[..^3] : parentId + "-hf";
        // The whole card, past the Harvester's bounds: whether the text names the parent at all, not whether the service reads it.
        if (CardModelMentions.Scan(hiddenCard, int.MaxValue, int.MaxValue, hidden.Id).Any(m => m.Id.Equals(parentId, StringComparison.OrdinalIgnoreCase) || m.Id.Equals(twin, StringComparison.OrdinalIgnoreCase)))
            return HiddenEvidence.CardNamesParent;
        if (NameHolds(hidden.Id[(hidden.Id.IndexOf('/') + 1)..], parentId[(parentId.IndexOf('/') + 1)..])) return HiddenEvidence.NameHoldsParent;
        return idOnly ? HiddenEvidence.NoneIdOnly : hiddenCard is null ? HiddenEvidence.NoneNoCard : HiddenEvidence.NoneCardElsewhere;
    }

    static bool NameHolds(string name, string parentName)
    {
        var tokens = NameTokens.Canonical(name, MaxTokens).Split('-');
        var parent = NameTokens.Canonical(parentName, MaxTokens).Split('-');
        if (parent.Length > 1 && parent[^1] == "hf") parent = parent[..^1];
        for (var start = 0; start + parent.Length <= tokens.Length; start++)
            if (tokens.AsSpan(start, parent.Length).SequenceEqual(parent)) return true;
        return false;
    }
}
