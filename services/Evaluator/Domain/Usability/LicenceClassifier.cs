namespace OpenAccess.Evaluator.Domain;

/// <summary>Classifies a Hugging Face licence identifier (the card's <c>license</c> or the <c>license:</c> tag).</summary>
public static class LicenceClassifier
{
    private static readonly Dictionary<string, LicenceClass> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["apache-2.0"] = LicenceClass.Permissive,
        ["mit"] = LicenceClass.Permissive,
        ["bsd"] = LicenceClass.Permissive,
        ["bsd-2-clause"] = LicenceClass.Permissive,
        ["bsd-3-clause"] = LicenceClass.Permissive,
        ["bsd-3-clause-clear"] = LicenceClass.Permissive,
        ["isc"] = LicenceClass.Permissive,
        ["unlicense"] = LicenceClass.Permissive,
        ["cc0-1.0"] = LicenceClass.Permissive,
        ["cc-by-2.0"] = LicenceClass.Permissive,
        ["cc-by-3.0"] = LicenceClass.Permissive,
        ["cc-by-4.0"] = LicenceClass.Permissive,
        ["cc-by-sa-3.0"] = LicenceClass.Permissive,
        ["cc-by-sa-4.0"] = LicenceClass.Permissive,
        ["gpl-2.0"] = LicenceClass.Permissive,
        ["gpl-3.0"] = LicenceClass.Permissive,
        ["lgpl-3.0"] = LicenceClass.Permissive,
        ["agpl-3.0"] = LicenceClass.Permissive,
        ["mpl-2.0"] = LicenceClass.Permissive,
        ["afl-3.0"] = LicenceClass.Permissive,
        ["artistic-2.0"] = LicenceClass.Permissive,
        ["bsl-1.0"] = LicenceClass.Permissive,
        ["odc-by"] = LicenceClass.Permissive,
        ["llama2"] = LicenceClass.OpenWithUseRestrictions,
        ["llama3"] = LicenceClass.OpenWithUseRestrictions,
        ["llama3.1"] = LicenceClass.OpenWithUseRestrictions,
        ["llama3.2"] = LicenceClass.OpenWithUseRestrictions,
        ["llama3.3"] = LicenceClass.OpenWithUseRestrictions,
        ["llama4"] = LicenceClass.OpenWithUseRestrictions,
        ["gemma"] = LicenceClass.OpenWithUseRestrictions,
        ["deepseek"] = LicenceClass.OpenWithUseRestrictions,
        ["openrail"] = LicenceClass.OpenWithUseRestrictions,
        ["openrail++"] = LicenceClass.OpenWithUseRestrictions,
        ["creativeml-openrail-m"] = LicenceClass.OpenWithUseRestrictions,
        ["bigscience-openrail-m"] = LicenceClass.OpenWithUseRestrictions,
        ["bigscience-bloom-rail-1.0"] = LicenceClass.OpenWithUseRestrictions,
        ["bigcode-openrail-m"] = LicenceClass.OpenWithUseRestrictions,
        ["cc-by-nd-4.0"] = LicenceClass.OpenWithUseRestrictions,
        ["proprietary"] = LicenceClass.Proprietary,
    };

    public static LicenceClass Classify(string? licenceId)
    {
        if (string.IsNullOrWhiteSpace(licenceId)) return LicenceClass.Unknown;
        var id = licenceId.Trim();
        if (id.StartsWith("license:", StringComparison.OrdinalIgnoreCase)) id = id["license:".Length..];
        if (Known.TryGetValue(id, out var known)) return known;
        // cc-by-nc-2.0 … cc-by-nc-sa-4.0, cc-by-nc-nd-4.0: every NonCommercial variant.
        if (id.StartsWith("cc-by-nc", StringComparison.OrdinalIgnoreCase)) return LicenceClass.NonCommercial;
        if (id.Contains("openrail", StringComparison.OrdinalIgnoreCase)) return LicenceClass.OpenWithUseRestrictions;
        return LicenceClass.Unknown;
    }
}
