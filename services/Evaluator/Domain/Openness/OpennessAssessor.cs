using OpenAccess.Contracts;

namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Reads each component's status from the harvested record (files, tags, library, card summary, licence) and classes the release.
/// A signal that was not harvested gives <see cref="ComponentStatus.Unknown"/> with the reason, never a guess. The lists read are
/// cut to the harvester's bounds again (an event from another publisher may carry more). Pure.
/// </summary>
public static class OpennessAssessor
{
    /// <summary>Entries of any list of the record that are read: headings, links, tags, file names.</summary>
    public const int MaxEntriesRead = 256;

    /// <summary>Shown in the evidence: the first few names of a list.</summary>
    const int Shown = 3;

    public static OpennessProfile Assess(OpennessInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ComponentOpenness[] components =
        [
            Weights(input),
            InferenceCode(input),
            TrainingCode(input),
            TrainingData(input),
            Licence(input.Licence, input.Files),
            Documentation(input.Card),
        ];
        return new OpennessProfile(Classify(components), components.Count(c => c.Status == ComponentStatus.Open), components);
    }

    /// <summary>The rule of docs/access-profiles.md: weights first, then the three an open model needs, then everything.</summary>
    public static OpennessClass Classify(IReadOnlyList<ComponentOpenness> components)
    {
        ComponentStatus Of(OpennessComponent c) => components.First(x => x.Component == c).Status;
        return Of(OpennessComponent.Weights) switch
        {
            ComponentStatus.Unknown => OpennessClass.Unknown,
            ComponentStatus.NotFound => OpennessClass.WeightsNotReleased,
            _ when components.All(c => c.Status == ComponentStatus.Open) => OpennessClass.OpenScience,
            ComponentStatus.Open when Of(OpennessComponent.InferenceCode) == ComponentStatus.Open && Of(OpennessComponent.Licence) == ComponentStatus.Open
                => OpennessClass.OpenModel,
            _ => OpennessClass.OpenWeights,
        };
    }

    static ComponentOpenness Weights(OpennessInput input)
    {
        const OpennessComponent c = OpennessComponent.Weights;
        if (input.Files is not { } files)
            return new(c, ComponentStatus.Unknown, "The repository's file list was not harvested for this model, so whether it holds weights is unknown.", "siblings (not harvested)");
        if (files.WeightFormats.Count == 0)
            return new(c, ComponentStatus.NotFound, $"The repository lists {files.Count:N0} files and none holds weights (no .safetensors, .gguf, .bin, .pt, .h5, .onnx… file).", "siblings");
        var formats = string.Join(", ", files.WeightFormats.Take(MaxEntriesRead).OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => $"{f.Value:N0} .{f.Key}"));
        return input.Gated
            ? new(c, ComponentStatus.Restricted, $"Weight files: {formats}; gated: downloading them needs an accepted agreement.", "siblings, gated")
            : new(c, ComponentStatus.Open, $"Weight files: {formats}; not gated.", "siblings, gated");
    }

    static ComponentOpenness InferenceCode(OpennessInput input)
    {
        const OpennessComponent c = OpennessComponent.InferenceCode;
        var customCode = input.Tags.Take(MaxEntriesRead).Contains("custom_code", StringComparer.Ordinal);
        var code = input.Files?.CodeFiles.Take(MaxEntriesRead).ToList() ?? [];
        if (customCode && code.Count > 0)
            return new(c, ComponentStatus.Open, $"custom_code: the repository ships its own modelling code ({Names(code)}).", "tags, siblings");
        if (customCode)
            return new(c, ComponentStatus.Partial, input.Files is null
                ? "custom_code: the model needs code of its own, and the file list was not harvested to show whether the repository ships it."
                : "custom_code: the model needs code of its own, and the repository ships no Python file: the code is loaded from elsewhere.", "tags, siblings");
        if (!string.IsNullOrWhiteSpace(input.LibraryName))
            return new(c, ComponentStatus.Open, $"library_name: {Cut(input.LibraryName)}: the weights load with that library's published code, no custom code needed.", "library_name, tags");
        return new(c, ComponentStatus.Unknown, "No library_name and no custom_code tag: the record does not say which code runs the weights.", "library_name, tags");
    }

    static ComponentOpenness TrainingCode(OpennessInput input)
    {
        const OpennessComponent c = OpennessComponent.TrainingCode;
        var scripts = input.Files?.CodeFiles.Take(MaxEntriesRead).Where(IsTrainingScript).ToList() ?? [];
        if (scripts.Count > 0)
            return new(c, ComponentStatus.Open, $"The repository ships training or fine-tuning code: {Names(scripts)}.", "siblings");
        if (input.Card is not { } card)
            return new(c, ComponentStatus.Unknown, "The card's text was not harvested (the Hub's model API does not return it), so links to training code cannot be read.", "card (not harvested)");
        var links = card.RepositoryLinks.Take(MaxEntriesRead).ToList();
        if (links.Count > 0)
            return new(c, ComponentStatus.Partial, $"The card links {Count(links.Count, "code repository", "code repositories")} ({Names(links)}), not checked to hold the training code.", "card");
        return new(c, ComponentStatus.NotFound, $"The card ({card.Length:N0} characters) links no code repository{(input.Files is null ? "" : " and the repository ships no training script")}.", input.Files is null ? "card" : "card, siblings");
    }

    static ComponentOpenness TrainingData(OpennessInput input)
    {
        const OpennessComponent c = OpennessComponent.TrainingData;
        var named = input.Tags.Take(MaxEntriesRead).Where(t => t.StartsWith("dataset:", StringComparison.Ordinal)).Select(t => t["dataset:".Length..]).ToList();
        if (named.Count > 0)
            return new(c, ComponentStatus.Open, $"The card data names {Count(named.Count, "Hub dataset", "Hub datasets")} ({Names(named)}); their own licences and gating are not read.", "cardData datasets (dataset: tags)");
        if (input.Card is not { } card)
            return new(c, ComponentStatus.Unknown, "The card data names no dataset and the card's text was not harvested, so the training data cannot be read.", "tags; card (not harvested)");
        var linked = card.DatasetLinks.Take(MaxEntriesRead).ToList();
        if (linked.Count > 0)
            return new(c, ComponentStatus.Open, $"The card links {Count(linked.Count, "Hub dataset", "Hub datasets")} ({Names(linked)}); their own licences and gating are not read.", "card");
        if (card.Headings.Take(MaxEntriesRead).FirstOrDefault(h => h.Contains("data", StringComparison.OrdinalIgnoreCase) && !h.Contains("metadata", StringComparison.OrdinalIgnoreCase)) is { } heading)
            return new(c, ComponentStatus.Partial, $"The card has a section \"{heading}\" but names no Hub dataset.", "card");
        return new(c, ComponentStatus.NotFound, "The card data names no dataset, and the card links none and has no section on data.", "tags, card");
    }

    static ComponentOpenness Licence(LicenceReading licence, RepositoryFiles? files)
    {
        const OpennessComponent c = OpennessComponent.Licence;
        // The Hub's card has one licence field for the whole repository: weights and code alike; the data's licences are the datasets' own.
        var licenceFiles = files?.LicenseFiles.Take(MaxEntriesRead).ToList() ?? [];
        var scope = " One licence for the whole repository: the card does not separate weights, code and data."
            + (licenceFiles.Count > 0 ? $" Licence files in the repository: {Names(licenceFiles)}." : "");
        var evidence = licence.Name is { } name ? $"{name} ({licence.Evidence})." : $"{licence.Evidence}.";
        return licence.Class switch
        {
            LicenceClass.Permissive => new(c, ComponentStatus.Open, $"Permissive: {evidence}{scope}", "cardData license"),
            LicenceClass.OpenWithUseRestrictions => new(c, ComponentStatus.Restricted, $"Use restrictions: {evidence}{scope}", "cardData license"),
            LicenceClass.NonCommercial => new(c, ComponentStatus.Restricted, $"Non-commercial: {evidence}{scope}", "cardData license"),
            LicenceClass.Proprietary => new(c, ComponentStatus.Restricted, $"Proprietary: {evidence}{scope}", "cardData license"),
            _ => new(c, ComponentStatus.Unknown, licence.Reason ?? $"Not recognised: {evidence}", "cardData license"),
        };
    }

    static ComponentOpenness Documentation(ModelCardSummary? card)
    {
        const OpennessComponent c = OpennessComponent.Documentation;
        if (card is null)
            return new(c, ComponentStatus.Unknown, "The card's text was not harvested (the Hub's model API does not return it), so its length and sections are unknown.", "card (not harvested)");
        if (card.Length == 0)
            return new(c, ComponentStatus.NotFound, "The card has metadata only, no text.", "card");
        var headings = card.Headings.Take(MaxEntriesRead).ToList();
        (string Section, string? Heading)[] sections =
        [
            ("intended use", headings.FirstOrDefault(CardSections.IsIntendedUse)),
            ("limitations", headings.FirstOrDefault(CardSections.IsLimitations)),
            ("evaluation", headings.FirstOrDefault(CardSections.IsEvaluation)),
        ];
        var found = sections.Where(s => s.Heading is not null).Select(s => $"{s.Section} (\"{s.Heading}\")").ToList();
        var missing = sections.Where(s => s.Heading is null).Select(s => s.Section).ToList();
        var length = $"{card.Length:N0} characters{(card.Truncated ? " (read in part)" : "")}, {Count(headings.Count, "heading", "headings")}";
        return missing.Count == 0
            ? new(c, ComponentStatus.Open, $"Card of {length}, with {string.Join(", ", found)}.", "card")
            : new(c, ComponentStatus.Partial, $"Card of {length}; no section on {string.Join(", ", missing)}{(found.Count > 0 ? $"; has {string.Join(", ", found)}" : "")}.", "card");
    }

    static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>A Python file named for training: <c>train</c>, <c>sft</c> (supervised fine-tuning), <c>finetun</c> / <c>fine_tun</c> / <c>fine-tun</c>.</summary>
    static bool IsTrainingScript(string path) =>
        FileName(path) is var name && TrainingWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    static readonly string[] TrainingWords = ["train", "sft", "finetun", "fine_tun", "fine-tun"];

    static string Names(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(Shown).Select(Cut)) + (names.Count > Shown ? $" and {names.Count - Shown:N0} more" : "");

    static string Count(int n, string one, string many) => $"{n:N0} {(n == 1 ? one : many)}";

    static string Cut(string s) => s.Length <= 120 ? s : s[..120] + "…";
}
