using System.Globalization;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Apis;

/// <summary>The openness statistic: the share of each openness class and of each component open, per family or per quarter of creation.</summary>
public static class OpennessApi
{
    public const int DefaultFamilies = 20;
    public const int MaxFamilies = 1000;

    internal static void MapOpennessApi(this RouteGroupBuilder api) =>
        api.MapGet("/openness/stats", Stats).WithSummary(
            "Share of each openness class and of each component open: ?by=family (largest families first, limit 1-1000, default 20) or ?by=quarter (of creation, oldest first), either for one family with &family=author/name.");

    static async Task<IResult> Stats(HttpRequest request, IDocumentCollection<ModelResources> models, CancellationToken ct)
    {
        if (One(request, "by") is { Problem: { } byProblem }) return Problems.BadRequest(byProblem);
        if (One(request, "family") is { Problem: { } familyProblem }) return Problems.BadRequest(familyProblem);
        if (One(request, "limit") is { Problem: { } limitProblem }) return Problems.BadRequest(limitProblem);
        var by = One(request, "by").Value ?? "family";
        if (by is not ("family" or "quarter")) return Problems.BadRequest($"'by' must be family or quarter, not '{Cut(by)}'.");
        var family = One(request, "family").Value;
        if (family is not null && (family.Length == 0 || family.Length > 300)) return Problems.BadRequest($"'family' must be a model id (author/name) of 1 to 300 characters, not '{Cut(family)}'.");
        var limitText = One(request, "limit").Value;
        var limit = DefaultFamilies;
        if (limitText is not null && (by != "family" || !int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxFamilies))
            return Problems.BadRequest(by != "family"
                ? "'limit' applies to by=family only; by=quarter lists every quarter."
                : $"'limit' must be a whole number from 1 to {MaxFamilies}, not '{Cut(limitText)}'.");

        var members = new List<OpennessMember>();
        await foreach (var model in models.ReadAllAsync(ct))
        {
            var input = model.ToProfileInput();
            var openness = OpennessAssessor.Assess(AccessProfileCalculator.OpennessOf(input, LicenceClassifier.Read(input.Licence, input.LicenceName, input.LicenceLink)));
            members.Add(new OpennessMember(model.Id, [.. ModelResources.ParentKeys(model).Distinct(StringComparer.Ordinal)], model.CreatedAt, openness));
        }

        string? root = null;
        if (family is not null)
        {
            root = members.FirstOrDefault(m => string.Equals(m.Id, family, StringComparison.OrdinalIgnoreCase) && m.Parents.Count == 0)?.Id;
            if (root is null)
                return TypedResults.Problem($"'family' is '{Cut(family)}', which is not a family the Evaluator knows: a family is named by its root, a model without parents.",
                    statusCode: StatusCodes.Status404NotFound, title: "Family not found");
        }

        var groups = by == "family"
            ? root is null ? OpennessStatistics.ByFamily(members, limit) : OpennessStatistics.ByFamily(members, int.MaxValue).Where(g => g.Key == root).ToList()
            : OpennessStatistics.ByQuarter(members, root);
        return TypedResults.Ok(new OpennessStats(by, root, members.Count, groups));
    }

    /// <summary>A query parameter given at most once.</summary>
    static (string? Value, string? Problem) One(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) switch
        {
            false => (null, null),
            true when values.Count > 1 => (null, $"'{name}' is given {values.Count} times; give it once."),
            _ => (values.ToString(), null),
        };

    static string Cut(string s) => s.Length <= 80 ? s : s[..80] + "…";
}

/// <summary>The statistic's answer: what it was grouped by, the family asked for (its stored spelling), the models read, the groups.</summary>
public sealed record OpennessStats(string By, string? Family, int Models, IReadOnlyList<OpennessGroup> Groups);
