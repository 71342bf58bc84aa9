using System.Globalization;
using System.Text;
using OpenAccess.Contracts;

namespace OpenAccess.LineageTools.Evaluation;

/// <summary>The evaluation as the markdown docs/lineage.md carries between its markers.</summary>
public static class EvaluationTable
{
    public const string Begin = "<!-- undeclared-parents-evaluation:begin (written by `dotnet run --project tools/lineage -c Release -- evaluate-inference --write-doc`) -->";
    public const string End = "<!-- undeclared-parents-evaluation:end -->";

    static readonly (double From, double To, string Label)[] Bands =
        [(0.9, 1.01, "0.9–1.0"), (0.8, 0.9, "0.8–0.9"), (0.7, 0.8, "0.7–0.8"), (0.5, 0.7, "0.5–0.7"), (0.3, 0.5, "0.3–0.5")];

    /// <summary>The evaluation, and beside it the same draw recovered through the service's intake.</summary>
    public static string Write(EvaluationReport report, EvaluationReport service, EvaluationReport serviceWithoutCards) =>
        Write(report) + "\n\n" + WriteComparison(report, service, serviceWithoutCards);

    public static string Write(EvaluationReport report)
    {
        var text = new StringBuilder();
        var hiddenLinks = report.Hidden.Count;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Seed {report.Seed}: {report.Models:N0} models, {report.ModelsWithLinks:N0} with declared links; the links of {report.HiddenModels:N0} "
            + $"(30 %) hidden: {hiddenLinks:N0} links, {report.Hidden.Count(h => h.ParentKnown):N0} of them to a parent in the population. "
            + $"{report.Result.Links.Count:N0} links recovered ({report.Links.Count(l => !l.Hidden):N0} of them on models that declare none and were not hidden, all counted wrong); "
            + $"{report.Result.AmbiguousNames:N0} models had a name shared by more than {OpenAccess.Lineage.Inference.InferenceOptions.Default.MaxNameMatches} models (no link), "
            + $"{report.Result.CycleRefused:N0} candidates were refused as cycles.");
        text.AppendLine();
        text.AppendLine("**By confidence band** (calibration: a band's precision should be near its mean confidence)");
        text.AppendLine();
        text.AppendLine("| confidence | links | parent right | precision | mean confidence | kind right (of parent right) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (from, to, label) in Bands)
        {
            var band = report.Links.Where(l => l.Link.Confidence >= from && l.Link.Confidence < to).ToList();
            var right = band.Count(l => l.ParentRight);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {band.Count:N0} | {right:N0} | {Ratio(right, band.Count)} | {(band.Count == 0 ? "—" : band.Average(l => l.Link.Confidence).ToString("F2", CultureInfo.InvariantCulture))} | {Ratio(band.Count(l => l.KindRight), right)} |");
        }
        text.AppendLine();
        text.AppendLine("**By kind**: precision by the kind recovered, recall over the hidden links of the kind declared (a link is recalled when its parent is recovered)");
        text.AppendLine();
        text.AppendLine("| kind | hidden links | recalled ≥ 0.8 | recall ≥ 0.8 | links ≥ 0.8 | precision ≥ 0.8 | recall, any | precision, any |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in Enum.GetValues<BaseModelRelation>().Select(k => (BaseModelRelation?)k).Append(null))
        {
            var hidden = report.Hidden.Where(h => kind is null || h.Declared.Relation == kind).ToList();
            var links = report.Links.Where(l => kind is null || l.Link.Kind == kind).ToList();
            var high = links.Where(l => l.Link.Confidence >= 0.8).ToList();
            var recalledHigh = hidden.Count(h => h.RecoveredAt >= 0.8);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {(kind is null ? "**all**" : kind.ToString()!.ToLowerInvariant())} | {hidden.Count:N0} | {recalledHigh:N0} | {Ratio(recalledHigh, hidden.Count)} | {high.Count:N0} | {Ratio(high.Count(l => l.ParentRight), high.Count)} | "
                + $"{Ratio(hidden.Count(h => h.RecoveredAt is not null), hidden.Count)} | {Ratio(links.Count(l => l.ParentRight), links.Count)} |");
        }
        text.AppendLine();
        text.AppendLine("**By what the record carries** (≥ 0.8)");
        text.AppendLine();
        text.AppendLine("| models | hidden links | recall | links | precision |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (idOnly, label) in new[] { (false, "Hub records (snapshot)"), (true, "listed by id only (crawl children)") })
        {
            var hidden = report.Hidden.Where(h => h.IdOnly == idOnly).ToList();
            var high = report.Links.Where(l => l.IdOnly == idOnly && l.Link.Confidence >= 0.8).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {hidden.Count:N0} | {Ratio(hidden.Count(h => h.RecoveredAt >= 0.8), hidden.Count)} | {high.Count:N0} | {Ratio(high.Count(l => l.ParentRight), high.Count)} |");
        }
        text.AppendLine();
        text.AppendLine("**Where the evidence runs out**: what each hidden model's record still carries about its declared parent once the declaration is hidden");
        text.AppendLine();
        text.AppendLine("| the record | hidden links | share | recalled ≥ 0.8 | recall ≥ 0.8 | recall, any |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (evidence, label) in EvidenceLabels)
        {
            var hidden = report.Hidden.Where(h => h.Evidence == evidence).ToList();
            var recalled = hidden.Count(h => h.RecoveredAt >= 0.8);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {hidden.Count:N0} | {Ratio(hidden.Count, hiddenLinks)} | {recalled:N0} | {Ratio(recalled, hidden.Count)} | {Ratio(hidden.Count(h => h.RecoveredAt is not null), hidden.Count)} |");
        }
        var none = report.Hidden.Count(h => h.Evidence >= HiddenEvidence.NoneCardElsewhere);
        text.AppendLine(CultureInfo.InvariantCulture, $"| **no trace of the parent** (the last three) | {none:N0} | {Ratio(none, hiddenLinks)} | | | |");
        return text.ToString().TrimEnd();
    }

    /// <summary>
    /// The evaluation beside the same draw recovered through the service's intake: recall and precision at 0.8 and over all,
    /// the card-evidence links apart, and how many links differ between the two.
    /// </summary>
    public static string WriteComparison(EvaluationReport direct, EvaluationReport service, EvaluationReport serviceWithoutCards)
    {
        var text = new StringBuilder();
        text.AppendLine("**In the service**: the same draw, each record mapped by the Harvester (the card's Hub mentions read at intake), "
            + "sent as the bus's JSON, taken in by Lineage's intake and recovered by `InferredParents` over the graph");
        text.AppendLine();
        text.AppendLine("| path | links | links ≥ 0.8 | precision ≥ 0.8 | recall ≥ 0.8 | card-evidence links ≥ 0.8 | their precision | recall, any |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (report, label) in new[]
        {
            (direct, "evaluation (records in)"), (service, "service (Harvester → Lineage intake)"),
            (serviceWithoutCards, "service, records without their card (the Hub API's model info)"),
        })
        {
            var high = report.Links.Where(l => l.Link.Confidence >= 0.8).ToList();
            var card = high.Where(l => l.Link.Evidence.Any(e => e.Source == OpenAccess.Lineage.Inference.EvidenceSource.CardText)).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {report.Links.Count:N0} | {high.Count:N0} | {Ratio(high.Count(l => l.ParentRight), high.Count)} | {Ratio(report.Hidden.Count(h => h.RecoveredAt >= 0.8), report.Hidden.Count)} | "
                + $"{card.Count:N0} | {Ratio(card.Count(l => l.ParentRight), card.Count)} | {Ratio(report.Hidden.Count(h => h.RecoveredAt is not null), report.Hidden.Count)} |");
        }
        var differ = Differences(direct, service);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Links that differ between the evaluation and the service (child, parent, kind, confidence): {differ.Count:N0}.");
        return text.ToString().TrimEnd();
    }

    /// <summary>The links one path found and the other did not, or found with another parent, kind or confidence.</summary>
    public static IReadOnlyList<string> Differences(EvaluationReport direct, EvaluationReport service)
    {
        static string Key(ScoredLink l) => FormattableString.Invariant($"{l.Link.ChildId.ToLowerInvariant()} -> {l.Link.ParentId.ToLowerInvariant()} {l.Link.Kind} {l.Link.Confidence}");
        var a = direct.Links.Select(Key).ToHashSet();
        var b = service.Links.Select(Key).ToHashSet();
        return [.. a.Except(b).Select(k => "evaluation only: " + k), .. b.Except(a).Select(k => "service only: " + k)];
    }

    static readonly (HiddenEvidence Evidence, string Label)[] EvidenceLabels =
    [
        (HiddenEvidence.CardNamesParent, "the card names the parent (its id or `-hf` twin)"),
        (HiddenEvidence.NameHoldsParent, "only the name holds the parent's name"),
        (HiddenEvidence.NoneCardElsewhere, "none: a card naming another model or none, a name without the parent's"),
        (HiddenEvidence.NoneNoCard, "none: a Hub record without a card, a name without the parent's"),
        (HiddenEvidence.NoneIdOnly, "none: known by id only (no card, date or config), a name without the parent's"),
    ];

    static string Ratio(int part, int whole) => whole == 0 ? "—" : ((double)part / whole).ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>The doc's text between the markers.</summary>
    public static string? Written(string doc)
    {
        var (start, end) = (doc.IndexOf(Begin, StringComparison.Ordinal), doc.IndexOf(End, StringComparison.Ordinal));
        return start >= 0 && end > start ? doc[(start + Begin.Length)..end].Trim().ReplaceLineEndings("\n") : null;
    }

    public static void WriteInto(string docPath, string table)
    {
        var doc = File.ReadAllText(docPath);
        var (start, end) = (doc.IndexOf(Begin, StringComparison.Ordinal), doc.IndexOf(End, StringComparison.Ordinal));
        if (start < 0 || end < start) throw new InvalidOperationException($"{docPath} has no '{Begin}' … '{End}' section.");
        File.WriteAllText(docPath, doc[..(start + Begin.Length)] + "\n" + table + "\n" + doc[end..]);
    }
}
