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
        int[] roots;
        if (filter.FamilyId is { } familyId)
        {
            var root = graph.Find(familyId);
            if (root < 0 || !graph.IsKnownRoot(root)) return null;
            roots = [root];
        }
        else
        {
            roots = graph.KnownRoots().ToArray();
        }
        var author = filter.Author is { } name ? graph.Authors.Find(name) : -2;

        var stamps = new int[graph.Count];
        var familyPeriods = new List<(int Root, List<int> Periods)>();
        for (var f = 0; f < roots.Length; f++)
        {
            var periods = new List<int>();
            using var walk = graph.WalkDescendants(roots[f], int.MaxValue, stamps, f + 1);
            foreach (var (node, _) in walk)
                if (graph.CreatedTicks[node] != 0 && (author == -2 || graph.AuthorOf[node] == author)
                    && (filter.To is not { } to || graph.CreatedTicks[node] < to.UtcTicks))
                    periods.Add(TimeBuckets.Number(graph.CreatedTicks[node], period));
            if (periods.Count > 0) familyPeriods.Add((roots[f], periods));
        }

        var (first, last) = Span(filter, period, familyPeriods.SelectMany(fp => fp.Periods));
        var length = Math.Max(0, last - first + 1);
        var cumulative = new int[familyPeriods.Count][];
        for (var f = 0; f < familyPeriods.Count; f++)
        {
            var line = cumulative[f] = new int[length];
            if (length == 0) continue;
            foreach (var number in familyPeriods[f].Periods) line[Math.Max(0, number - first)]++;
            for (var i = 1; i < length; i++) line[i] += line[i - 1];
        }

        var totals = new int[length];
        var topShare = new double[length];
        var herfindahl = new double[length];
        var largest = new PriorityQueue<int, int>();
        for (var i = 0; i < length; i++)
        {
            foreach (var line in cumulative) totals[i] += line[i];
            if (totals[i] == 0) continue;
            largest.Clear();
            foreach (var line in cumulative)
            {
                var share = (double)line[i] / totals[i];
                herfindahl[i] += share * share;
                if (largest.Count < topK) largest.Enqueue(line[i], line[i]);
                else if (line[i] > largest.Peek()) largest.DequeueEnqueue(line[i], line[i]);
            }
            var top = 0;
            while (largest.TryDequeue(out var count, out _)) top += count;
            topShare[i] = (double)top / totals[i];
        }

        var named = Enumerable.Range(0, familyPeriods.Count)
            .OrderByDescending(f => length == 0 ? 0 : cumulative[f][^1])
            .ThenBy(f => graph.Ids[familyPeriods[f].Root], StringComparer.Ordinal)
            .Take(topK)
            .Select(f => new ShareSeries(graph.Ids[familyPeriods[f].Root],
                cumulative[f].Select((c, i) => totals[i] == 0 ? 0 : (double)c / totals[i]).ToArray()))
            .ToList();
        return new ConcentrationSeries(period, TimeBuckets.Labels(first, last, period), topK, totals, named, topShare, herfindahl);
    });
}
