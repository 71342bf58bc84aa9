using OpenAccess.Contracts;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.LineageTools.Evaluation;

/// <summary>One recovered link beside the answer.</summary>
public sealed record ScoredLink(InferredLink Link, bool Hidden, bool IdOnly, bool ParentRight, bool KindRight);

/// <summary>One hidden declared link, whether it was recovered.</summary>
public sealed record HiddenLink(string Child, BaseModelLink Declared, bool IdOnly, bool ParentKnown, double? RecoveredAt, HiddenEvidence Evidence);

public sealed record EvaluationReport(
    int Seed, int Models, int ModelsWithLinks, int HiddenModels, IReadOnlyList<HiddenLink> Hidden, IReadOnlyList<ScoredLink> Links,
    InferenceResult Result, IReadOnlyList<string> Examples);

/// <summary>
/// Hides the declared links of a random 30 % of the models that have any (a fixed seed, so anyone gets the same draw), runs
/// recovery over the whole population with those links gone (the tags and the card's <c>base_model</c>, nothing else), and scores each recovered link against the hidden answer: the
/// parent is right when it is one the model declared; the kind is right when it is that link's relation.
/// </summary>
public static class InferenceEvaluation
{
    /// <summary>Which rules produced a link: the grouping the weights were calibrated by.</summary>
    public static string Signature(InferredLink link) => string.Join(" + ", link.Evidence.Select(e => e.Source switch
    {
        EvidenceSource.Name => "name:" + (e.Detail.Contains("format words") ? "format" : e.Detail.Contains("starts with") ? "prefix" : "inside")
            + (e.Detail.Contains("earlier models carry") ? ":shared" : "") + (e.Detail.Contains("author and name") ? ":qualified" : ""),
        EvidenceSource.CardText => e.Detail.StartsWith("the card says", StringComparison.Ordinal) ? "card:phrase" : "card:mention",
        var other => other.ToString(),
    }).Where(s => s != "Time").Distinct());

    public const int DocumentedSeed = 42;
    public const double HiddenShare = 0.3;

    /// <summary>How the links are recovered: the hidden models' declarations are gone from what it reads.</summary>
    public delegate InferenceResult Recovery(IReadOnlyList<CrawlModel> population, IReadOnlySet<string> hidden);

    /// <summary>Recovery run directly over the records, as the pure component takes them.</summary>
    public static InferenceResult Direct(IReadOnlyList<CrawlModel> population, IReadOnlySet<string> hidden) =>
        new ParentInference().Run(population.Select(m => HiddenInput(m, hidden)).ToList());

    /// <summary>What recovery reads of a model: for a hidden one, no declared parent and the card's mentions read with its declaration gone.</summary>
    public static InferenceModel HiddenInput(CrawlModel m, IReadOnlySet<string> hidden) => hidden.Contains(m.Model.Id)
        ? m.Model with { DeclaredParents = [], CardMentions = CrawlPopulation.CardMentionsOf(m.Model.Id, CardDeclaration.Without(m.Card)) }
        : m.Model;

    /// <summary>The models whose declared links the draw with <paramref name="seed"/> hides.</summary>
    public static IReadOnlySet<string> Hidden(IReadOnlyList<CrawlModel> population, int seed)
    {
        var withLinks = population.Where(m => m.Declared.Count > 0).OrderBy(m => m.Model.Id, StringComparer.Ordinal).ToList();
        var random = new Random(seed);
        for (var i = withLinks.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (withLinks[i], withLinks[j]) = (withLinks[j], withLinks[i]);
        }
        return withLinks.Take((int)Math.Round(withLinks.Count * HiddenShare)).Select(m => m.Model.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public static EvaluationReport Run(IReadOnlyList<CrawlModel> population, int seed, Recovery? recovery = null)
    {
        var withLinks = population.Count(m => m.Declared.Count > 0);
        var hidden = Hidden(population, seed);
        var result = (recovery ?? Direct)(population, hidden);

        var byId = population.ToDictionary(m => m.Model.Id, StringComparer.OrdinalIgnoreCase);
        var links = result.Links.Select(link =>
        {
            var truth = byId[link.ChildId];
            var declared = hidden.Contains(link.ChildId) ? truth.Declared.FirstOrDefault(d => d.Id.Equals(link.ParentId, StringComparison.OrdinalIgnoreCase)) : null;
            return new ScoredLink(link, hidden.Contains(link.ChildId), truth.IdOnly, declared is not null, declared?.Relation == link.Kind);
        }).ToList();

        var recovered = result.Links.ToDictionary(l => l.ChildId, StringComparer.OrdinalIgnoreCase);
        var hiddenLinks = population.Where(m => hidden.Contains(m.Model.Id))
            .SelectMany(m => m.Declared.Select(d => new HiddenLink(m.Model.Id, d, m.IdOnly, byId.ContainsKey(d.Id),
                recovered.TryGetValue(m.Model.Id, out var r) && r.ParentId.Equals(d.Id, StringComparison.OrdinalIgnoreCase) ? r.Confidence : null,
                HiddenEvidenceOf.Classify(m.Model, CardDeclaration.Without(m.Card), d.Id, m.IdOnly))))
            .ToList();

        var examples = links.Where(l => !l.ParentRight).OrderByDescending(l => l.Link.Confidence)
            .Select(l => $"WRONG {l.Link.Confidence:F2} {l.Link.ChildId} -> {l.Link.ParentId} ({l.Link.Kind}); declared: "
                + string.Join(", ", byId[l.Link.ChildId].Declared.Select(d => d.Id)) + "; " + string.Join(" | ", l.Link.Evidence.Select(e => e.Detail)))
            .ToList();
        examples.AddRange(links.GroupBy(l => Signature(l.Link)).OrderBy(g => g.Key)
            .Select(g => $"RULE {g.Key}: {g.Count()} links, {g.Count(l => l.ParentRight)} right ({(double)g.Count(l => l.ParentRight) / g.Count():F2}), confidence {g.Average(l => l.Link.Confidence):F2}"));
        return new EvaluationReport(seed, population.Count, withLinks, hidden.Count, hiddenLinks, links, result, examples);
    }
}
