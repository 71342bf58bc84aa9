namespace OpenAccess.Evaluator.Domain;

/// <summary>One model as the openness statistic counts it.</summary>
public sealed record OpennessMember(string Id, IReadOnlyList<string> Parents, DateTimeOffset? CreatedAt, OpennessProfile Openness);

/// <summary>How many models of a group fall in each class and have each component open.</summary>
public sealed record OpennessGroup(
    string Key,
    int Models,
    IReadOnlyDictionary<OpennessClass, int> Classes,
    IReadOnlyDictionary<OpennessClass, double> ClassShares,
    IReadOnlyDictionary<OpennessComponent, double> OpenShares,
    double MeanOpenComponents);

/// <summary>
/// The share of each openness class, and of each component open, per family and per quarter of creation. A family is a root (a known
/// model without parents) and every model that descends from it, as the Lineage service counts them: a merge across two families is in
/// both, and a model under a parent the Evaluator has not seen is in none. Pure.
/// </summary>
public static class OpennessStatistics
{
    /// <summary>Parent links followed up from a model before its chain is taken as broken (no family): far above any real chain.</summary>
    public const int MaxChainDepth = 256;

    public static IReadOnlyList<OpennessGroup> ByFamily(IReadOnlyList<OpennessMember> members, int limit)
    {
        var families = FamiliesOf(members);
        return members
            .SelectMany(m => families[m.Id].Select(root => (root, m)))
            .GroupBy(x => x.root, StringComparer.Ordinal)
            .Select(g => Group(g.Key, [.. g.Select(x => x.m)]))
            .OrderByDescending(g => g.Models).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    /// <summary>Quarters of creation (<c>2024-Q1</c>), oldest first, of the whole population or of one family; models without a creation date are left out.</summary>
    public static IReadOnlyList<OpennessGroup> ByQuarter(IReadOnlyList<OpennessMember> members, string? family)
    {
        IEnumerable<OpennessMember> chosen = members;
        if (family is not null)
        {
            var families = FamiliesOf(members);
            chosen = members.Where(m => families[m.Id].Contains(family));
        }

        return chosen
            .Where(m => m.CreatedAt is not null)
            .GroupBy(m => QuarterOf(m.CreatedAt!.Value), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, [.. g]))
            .ToList();
    }

    /// <summary>The roots (family ids) above every member; a root is its own family.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> FamiliesOf(IReadOnlyList<OpennessMember> members)
    {
        var byId = new Dictionary<string, OpennessMember>(StringComparer.Ordinal);
        foreach (var m in members) byId[m.Id] = m;
        var roots = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var m in members) RootsOf(m.Id, byId, roots, 0);
        return roots;
    }

    static IReadOnlySet<string> RootsOf(string id, Dictionary<string, OpennessMember> byId, Dictionary<string, IReadOnlySet<string>> memo, int depth)
    {
        if (memo.TryGetValue(id, out var known)) return known;
        if (!byId.TryGetValue(id, out var member) || depth > MaxChainDepth) return new HashSet<string>();
        memo[id] = new HashSet<string>(); // a cycle back here adds nothing
        var parents = member.Parents.Where(p => p != id).ToList();
        var result = parents.Count == 0
            ? new HashSet<string>(StringComparer.Ordinal) { id }
            : parents.SelectMany(p => RootsOf(p, byId, memo, depth + 1)).ToHashSet(StringComparer.Ordinal);
        memo[id] = result;
        return result;
    }

    public static string QuarterOf(DateTimeOffset created)
    {
        var utc = created.UtcDateTime;
        return $"{utc.Year:D4}-Q{(utc.Month - 1) / 3 + 1}";
    }

    static OpennessGroup Group(string key, IReadOnlyList<OpennessMember> models)
    {
        var classes = Enum.GetValues<OpennessClass>().ToDictionary(c => c, c => models.Count(m => m.Openness.Class == c));
        return new OpennessGroup(
            key,
            models.Count,
            classes,
            classes.ToDictionary(c => c.Key, c => (double)c.Value / models.Count),
            Enum.GetValues<OpennessComponent>().ToDictionary(c => c, c => (double)models.Count(m => m.Openness.StatusOf(c) == ComponentStatus.Open) / models.Count),
            models.Average(m => m.Openness.OpenComponents));
    }
}
