namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Which card headings are the model card's sections (after the Hub's model card template and Mitchell et al.'s "Model Cards"):
/// intended use, limitations, evaluation. A heading is matched by its words, not its content: a template section left empty counts.
/// </summary>
public static class CardSections
{
    public static bool IsIntendedUse(string heading) =>
        Has(heading, "intended") || Has(heading, "use case") || Has(heading, "out-of-scope") || Has(heading, "out of scope")
        || Words(heading).Any(w => w is "uses") || Ends(heading, "direct use") || Ends(heading, "downstream use");

    public static bool IsLimitations(string heading) =>
        Has(heading, "limitation") || Has(heading, "bias") || Has(heading, "risk") || Has(heading, "ethical");

    public static bool IsEvaluation(string heading) =>
        Has(heading, "evaluat") || Has(heading, "benchmark") || Words(heading).Any(w => w is "results" or "result" or "performance");

    static bool Has(string heading, string part) => heading.Contains(part, StringComparison.OrdinalIgnoreCase);

    static bool Ends(string heading, string part) => heading.TrimEnd().EndsWith(part, StringComparison.OrdinalIgnoreCase);

    static IEnumerable<string> Words(string heading) =>
        heading.ToLowerInvariant().Split([' ', '\t', ',', ':', '&', '/', '(', ')', '-', '*', '_', '`'], StringSplitOptions.RemoveEmptyEntries);
}
