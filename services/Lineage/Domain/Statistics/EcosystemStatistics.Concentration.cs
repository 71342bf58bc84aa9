namespace OpenAccess.Lineage.Domain.Statistics;

public sealed partial class EcosystemStatistics
{
    /// <summary>
    /// Share of all derivatives each family holds at the end of each period (cumulative, dated
    /// derivatives only; one derived from two families counts in both), the share of the
    /// <paramref name="topK"/> largest families and the Herfindahl–Hirschman index. The author filter
    /// keeps that author's derivatives; the family filter leaves one family (share 1).
    /// </summary>
    public ConcentrationSeries? Concentration(StatisticsFilter filter, TimePeriod period = TimePeriod.Month, int topK = 5) => graph.Read(() =>
    {
        // An author the graph does not know (-1) keeps only derivatives without an author.
        var author = filter.Author is { } name ? graph.Authors.Find(name) : -2;
        var before = filter.To?.UtcTicks ?? long.MaxValue;
        bool Counted(int node) => graph.CreatedTicks[node] is var ticks and not 0 && ticks < before
            && (author == -2 || graph.AuthorOf[node] == author);

        if (filter.FamilyId is { } familyId)
        {
            var root = graph.Find(familyId);
            if (root < 0 || !graph.IsKnownRoot(root)) return null;
            using var walk = graph.WalkDescendants(root);
            using var family = new FamilyShares(1, walk.Count);
            foreach (var (node, _) in walk)
                if (Counted(node)) family.Add(0, TimeBuckets.Number(graph.CreatedTicks[node], period));
            return family.Series(filter, period, topK, maxPoints, _ => graph.Ids[root]);
        }

        // One pass over the models, each derivative counted in its families, instead of a walk per root.
        using var membership = FamilyMembership.Of(graph);
        using var shares = new FamilyShares(membership.FamilyCount, graph.ModelCount);
        for (var node = 0; node < graph.Count; node++)
        {
            if (!graph.HasParents(node) || !Counted(node)) continue;
            var families = membership.FamiliesOf(node);
            if (families.IsEmpty) continue;
            var number = TimeBuckets.Number(graph.CreatedTicks[node], period);
            foreach (var f in families) shares.Add(f, number);
        }
        return shares.Series(filter, period, topK, maxPoints, f => graph.Ids[membership.RootOf(f)]);
    });
}
