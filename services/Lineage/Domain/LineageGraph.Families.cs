using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Domain;

public sealed partial class LineageGraph
{
    /// <summary>Roots with derivatives, largest first, as of a links version.</summary>
    private sealed record FamilySizeCache(long Version, (int Root, int Derivatives)[] Ranked);
    private FamilySizeCache? _familySizes;

    /// <summary>Size of the family rooted at <paramref name="rootId"/>; null when that is not a known model without parents.</summary>
    public FamilySize? GetFamilySize(string rootId) => Read(() =>
        Find(rootId) is var root and >= 0 && IsKnownRoot(root) ? MeasureFamily(root) : null);

    /// <summary>Families with the most derivatives, largest first (ties by id).</summary>
    public IReadOnlyList<FamilySize> TopFamilies(int limit = 20) => Read(() =>
    {
        var cache = _familySizes;
        if (cache is null || cache.Version != _linksVersion)
        {
            // One pass counting each derivative in its families, instead of a walk down every root.
            using var membership = FamilyMembership.Of(this);
            var derivatives = new int[membership.FamilyCount];
            for (var node = 0; node < Count; node++)
                if (HasParents(node))
                    foreach (var family in membership.FamiliesOf(node)) derivatives[family]++;
            var ranked = new List<(int Root, int Derivatives)>();
            for (var family = 0; family < derivatives.Length; family++)
                if (derivatives[family] > 0) ranked.Add((membership.RootOf(family), derivatives[family]));
            ranked.Sort((a, b) => a.Derivatives != b.Derivatives
                ? b.Derivatives.CompareTo(a.Derivatives)
                : string.CompareOrdinal(Ids[a.Root], Ids[b.Root]));
            // Readers may race to fill the cache; each computes the same answer for this version.
            _familySizes = cache = new FamilySizeCache(_linksVersion, ranked.ToArray());
        }
        return (IReadOnlyList<FamilySize>)cache.Ranked.Take(limit).Select(r => MeasureFamily(r.Root)).ToList();
    });

    internal bool IsKnownRoot(int node) => Known[node] && !HasParents(node);

    private FamilySize MeasureFamily(int root)
    {
        var byRelation = NewRelationCounts();
        var byDepth = new SortedDictionary<int, int>();
        using var members = WalkDescendants(root);
        foreach (var (node, depth) in members)
        {
            byRelation[OwnRelation(node)!.Value]++;
            byDepth[depth] = byDepth.GetValueOrDefault(depth) + 1;
        }
        return new FamilySize(Ids[root], Authors[AuthorOf[root]], CreatedAt(root), members.Count, byRelation, byDepth);
    }

    /// <summary>
    /// Derivatives per calendar month from the root's release month (index 1) through
    /// <paramref name="throughMonth"/> (default: the month of <see cref="ObservedAt"/>, or of the newest
    /// derivative if that is later), no gaps: months after the last derivative up to the observation are
    /// observed months with none. Derivatives dated before the release count in month 1. Null when the id
    /// is not a known root with a creation time.
    /// </summary>
    public AdoptionSeries? GetAdoptionSeries(string rootId, DateOnly? throughMonth = null) => Read(() =>
    {
        var root = Find(rootId);
        if (root < 0 || !IsKnownRoot(root) || CreatedAt(root) is not { } released) return null;
        var first = MonthNumber(released.UtcDateTime);
        using var members = WalkDescendants(root);
        var observed = ObservedAt;
        var last = throughMonth is { } through ? through.Year * 12 + through.Month - 1
            : observed is { } at ? Math.Max(first, MonthNumber(at.UtcDateTime)) : first;
        var undated = 0;
        foreach (var (node, _) in members)
        {
            if (CreatedTicks[node] == 0) undated++;
            else if (throughMonth is null) last = Math.Max(last, MonthNumber(new DateTime(CreatedTicks[node])));
        }

        var months = Math.Max(1, last - first + 1);
        var newByMonth = new int[months, 4];
        foreach (var (node, _) in members)
        {
            if (CreatedTicks[node] == 0) continue;
            var index = Math.Max(0, MonthNumber(new DateTime(CreatedTicks[node])) - first);
            if (index < months) newByMonth[index, (int)OwnRelation(node)!.Value]++;
        }

        var series = new List<AdoptionMonth>(months);
        var cumulative = new int[4];
        for (var m = 0; m < months; m++)
        {
            var fresh = NewRelationCounts();
            for (var r = 0; r < 4; r++)
            {
                fresh[(BaseModelRelation)r] = newByMonth[m, r];
                cumulative[r] += newByMonth[m, r];
            }
            var cumulativeByRelation = NewRelationCounts();
            for (var r = 0; r < 4; r++) cumulativeByRelation[(BaseModelRelation)r] = cumulative[r];
            var month = new DateOnly((first + m) / 12, (first + m) % 12 + 1, 1);
            series.Add(new AdoptionMonth(month, m + 1, fresh.Values.Sum(), cumulative.Sum(), fresh, cumulativeByRelation));
        }
        return new AdoptionSeries(Ids[root], Authors[AuthorOf[root]], released, series, undated,
            Math.Max(_seriesVersions.GetValueOrDefault(root), _observedVersion),
            observed is { } day ? DateOnly.FromDateTime(day.UtcDateTime) : null);
    });

    private static int MonthNumber(DateTime utc) => utc.Year * 12 + utc.Month - 1;

    internal static Dictionary<BaseModelRelation, int> NewRelationCounts() => new()
    {
        [BaseModelRelation.Finetune] = 0,
        [BaseModelRelation.Adapter] = 0,
        [BaseModelRelation.Quantized] = 0,
        [BaseModelRelation.Merge] = 0,
    };
}
