namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Classifies a model's licence from the card's <c>license</c> (or the <c>license:</c> tag) and, for <c>license: other</c>,
/// its <c>license_name</c> and <c>license_link</c>. See docs/access-profiles.md, "Licence class".
/// </summary>
public static class LicenceClassifier
{
    private const string LlamaTerms = "an acceptable-use policy binds every use; a licensee whose products had more than 700 million monthly active users must ask Meta for a licence";

    /// <summary>A licence the classifier knows: its Hub ids and <c>license_name</c> spellings, and parts of its <c>license_link</c>.</summary>
    private sealed record Family(string Name, LicenceClass Class, string? Terms, string[] Ids, string[] LinkParts);

    // Order matters for links: the more specific part first (llama3_1 before llama3).
    private static readonly Family[] Families =
    [
        new("Llama 2 Community License", LicenceClass.OpenWithUseRestrictions, LlamaTerms, ["llama2", "llama-2", "llama 2"], ["llama-2", "llama2"]),
        new("Llama 3.1 Community License", LicenceClass.OpenWithUseRestrictions, LlamaTerms, ["llama3.1", "llama-3.1", "llama3_1"], ["llama3_1", "llama-3.1", "llama3.1"]),
        new("Llama 3.2 Community License", LicenceClass.OpenWithUseRestrictions, LlamaTerms, ["llama3.2", "llama-3.2", "llama3_2"], ["llama3_2", "llama-3.2", "llama3.2"]),
        new("Llama 3.3 Community License", LicenceClass.OpenWithUseRestrictions, LlamaTerms, ["llama3.3", "llama-3.3", "llama3_3"], ["llama3_3", "llama-3.3", "llama3.3"]),
        new("Llama 3 Community License", LicenceClass.OpenWithUseRestrictions, LlamaTerms, ["llama3", "llama-3", "llama 3"], ["llama3", "llama-3"]),
        new("Llama 4 Community License", LicenceClass.OpenWithUseRestrictions, LlamaTerms, ["llama4", "llama-4", "llama 4"], ["llama4", "llama-4"]),
        new("Gemma Terms of Use", LicenceClass.OpenWithUseRestrictions,
            "the Gemma Prohibited Use Policy binds every use, and its restrictions pass on to derivatives",
            ["gemma", "gemma-terms-of-use", "gemma-terms"], ["ai.google.dev/gemma/terms", "licenses/gemma"]),
        new("Qwen Research License", LicenceClass.NonCommercial, "research and non-commercial use only",
            ["qwen-research", "tongyi-qianwen-research"], ["qwen-research", "LICENSE-research"]),
        new("Tongyi Qianwen (Qwen) License", LicenceClass.OpenWithUseRestrictions,
            "a licensee with more than 100 million monthly active users must ask Alibaba Cloud for a licence; use restrictions apply",
            ["qwen", "tongyi-qianwen"], ["tongyi-qianwen", "qwen"]),
        new("DeepSeek License", LicenceClass.OpenWithUseRestrictions, "use-based restrictions (its Attachment A) bind every use and pass on to derivatives",
            ["deepseek", "deepseek-license"], ["deepseek"]),
        new("CreativeML OpenRAIL-M", LicenceClass.OpenWithUseRestrictions, "use-based restrictions (its Attachment A) bind every use and pass on to derivatives",
            ["creativeml-openrail-m"], ["creativeml-openrail-m"]),
        new("OpenRAIL", LicenceClass.OpenWithUseRestrictions, "a responsible-AI licence: use-based restrictions bind every use and pass on to derivatives",
            ["openrail", "openrail++", "bigscience-openrail-m", "bigscience-bloom-rail-1.0", "bigcode-openrail-m"], ["openrail", "bigscience-bloom-rail"]),
        new("Mistral AI Research License", LicenceClass.NonCommercial, "research and non-commercial use only",
            ["mrl", "mistral-research-license"], ["mistral.ai/licenses/MRL"]),
        new("NVIDIA Open Model License", LicenceClass.OpenWithUseRestrictions,
            "commercial use is allowed, but the licence ends for whoever bypasses or disables the model's guardrails",
            ["nvidia-open-model-license"], ["nvidia-open-model-license"]),
        new("Microsoft Research License", LicenceClass.NonCommercial, "non-commercial research use only", ["microsoft-research-license"], []),
        new("Intel Research Use License", LicenceClass.NonCommercial, "research use only", ["intel-research-use-license"], []),
        new("Creative Commons NoDerivatives", LicenceClass.OpenWithUseRestrictions, "no modified versions may be shared", ["cc-by-nd-4.0"], []),
        new("Proprietary", LicenceClass.Proprietary, "no licence to the weights", ["proprietary"], []),
    ];

    private static readonly HashSet<string> PermissiveIds = new(StringComparer.OrdinalIgnoreCase)
    {
        "apache-2.0", "mit", "bsd", "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "isc", "unlicense", "cc0-1.0",
        "cc-by-2.0", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0", "gpl-2.0", "gpl-3.0", "lgpl-3.0", "agpl-3.0",
        "mpl-2.0", "afl-3.0", "artistic-2.0", "bsl-1.0", "odc-by", "ms-pl",
    };

    public static LicenceClass Classify(string? licenceId) => Read(licenceId, null, null).Class;

    public static LicenceReading Read(string? licence, string? licenceName, string? licenceLink)
    {
        var id = Clean(licence);
        if (id is not null && id.StartsWith("license:", StringComparison.OrdinalIgnoreCase)) id = Clean(id["license:".Length..]);
        var name = Clean(licenceName);
        var link = Clean(licenceLink);
        var card = string.Join("; ", new[] { ("license", id), ("license_name", name), ("license_link", link) }
            .Where(f => f.Item2 is not null).Select(f => $"{f.Item1}: {f.Item2}"));

        // A licence id other than "other" is the card's own classification; license_name and license_link explain "other".
        if (id is not null && !string.Equals(id, "other", StringComparison.OrdinalIgnoreCase))
        {
            if (ById(id) is { } reading) return reading with { Evidence = card };
            return new LicenceReading(LicenceClass.Unknown, null, null, card, $"The licence id '{id}' is not one the classifier knows; read the model card.");
        }
        if (name is not null && ById(name) is { } named) return named with { Evidence = card };
        if (link is not null && Families.FirstOrDefault(f => f.LinkParts.Any(p => link.Contains(p, StringComparison.OrdinalIgnoreCase))) is { } linked)
            return new LicenceReading(linked.Class, linked.Name, linked.Terms, card, null);

        var reason = (id, name, link) switch
        {
            (null, null, null) => "The card gives no licence (no license, license_name or license_link).",
            (_, null, null) => "The card says license: other and names no licence (no license_name or license_link); read the model card.",
            _ => $"The card says {card}, a licence the classifier does not know; read it{(link is not null ? " at its link" : " in the repository")}.",
        };
        return new LicenceReading(LicenceClass.Unknown, null, null, card, reason);
    }

    private static LicenceReading? ById(string id)
    {
        if (PermissiveIds.Contains(id)) return new LicenceReading(LicenceClass.Permissive, id, "use for any purpose (copyleft limits redistribution, not use)", "", null);
        if (Families.FirstOrDefault(f => f.Ids.Contains(id, StringComparer.OrdinalIgnoreCase)) is { } family)
            return new LicenceReading(family.Class, family.Name, family.Terms, "", null);
        // cc-by-nc-2.0 … cc-by-nc-sa-4.0, cc-by-nc-nd-4.0: every NonCommercial variant.
        if (id.StartsWith("cc-by-nc", StringComparison.OrdinalIgnoreCase))
            return new LicenceReading(LicenceClass.NonCommercial, id, "Creative Commons NonCommercial: no commercial use", "", null);
        if (id.Contains("openrail", StringComparison.OrdinalIgnoreCase))
            return new LicenceReading(LicenceClass.OpenWithUseRestrictions, id, "a responsible-AI licence: use-based restrictions bind every use", "", null);
        return null;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
