namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>
/// The ecosystem figures (after Vake et al.) computed from the lineage graph on demand, each under
/// the graph's read lock. Methods return null when the filter names a family that is not a known root.
/// </summary>
public sealed partial class EcosystemStatistics(LineageGraph graph)
{
    /// <summary>Total and new authors per period. An author is new in the period of their first model in scope, whatever the time range.</summary>
    public AuthorActivitySeries? AuthorActivity(StatisticsFilter filter, TimePeriod period) => graph.Read(() =>
    {
        if (Scope(filter) is not { } scope) return null;
        var firstPeriod = new Dictionary<int, int>();
        foreach (var node in scope)
        {
            if (graph.CreatedTicks[node] == 0 || graph.AuthorOf[node] < 0) continue;
            var number = TimeBuckets.Number(graph.CreatedTicks[node], period);
            var author = graph.AuthorOf[node];
            firstPeriod[author] = Math.Min(firstPeriod.GetValueOrDefault(author, int.MaxValue), number);
        }
        var (first, last) = Span(filter, period, firstPeriod.Values);
        var fresh = new int[Math.Max(0, last - first + 1)];
        var before = 0;
        foreach (var number in firstPeriod.Values)
        {
            if (number < first) before++;
            else if (number <= last) fresh[number - first]++;
        }
        var total = new int[fresh.Length];
        for (var i = 0; i < fresh.Length; i++) total[i] = before += fresh[i];
        return new AuthorActivitySeries(period, TimeBuckets.Labels(first, last, period), total, fresh);
    });

    /// <summary>Authors by the number of repositories they created in the time range.</summary>
    public RepositoriesPerAuthorDistribution? RepositoriesPerAuthor(StatisticsFilter filter) => graph.Read(() =>
    {
        if (Scope(filter) is not { } scope) return null;
        var perAuthor = new Dictionary<int, int>();
        foreach (var node in scope)
            if (graph.AuthorOf[node] >= 0 && InRange(node, filter))
                perAuthor[graph.AuthorOf[node]] = perAuthor.GetValueOrDefault(graph.AuthorOf[node]) + 1;
        var distribution = perAuthor.Values.GroupBy(n => n).OrderBy(g => g.Key).ToList();
        return new RepositoriesPerAuthorDistribution(
            distribution.Select(g => g.Key).ToArray(), distribution.Select(g => g.Count()).ToArray());
    });

    /// <summary>Known models in scope: all, one family's root and descendants, and/or one author's.</summary>
    private List<int>? Scope(StatisticsFilter filter)
    {
        IEnumerable<int> nodes;
        if (filter.FamilyId is { } familyId)
        {
            var root = graph.Find(familyId);
            if (root < 0 || !graph.IsKnownRoot(root)) return null;
            var members = new List<int> { root };
            using var walk = graph.WalkDescendants(root);
            foreach (var (node, _) in walk) members.Add(node);
            nodes = members;
        }
        else
        {
            nodes = Enumerable.Range(0, graph.Count).Where(n => graph.Known[n]);
        }
        if (filter.Author is { } author)
        {
            var index = graph.Authors.Find(author);
            nodes = nodes.Where(n => graph.AuthorOf[n] == index && index >= 0);
        }
        return nodes.ToList();
    }

    /// <summary>Created in [From, To); an undated model is in range only when no range is given.</summary>
    private bool InRange(int node, StatisticsFilter filter)
    {
        var ticks = graph.CreatedTicks[node];
        if (ticks == 0) return filter.From is null && filter.To is null;
        return (filter.From is not { } from || ticks >= from.UtcTicks) && (filter.To is not { } to || ticks < to.UtcTicks);
    }

    /// <summary>The periods a chart shows: the filter's range, else the range of the data.</summary>
    private static (int First, int Last) Span(StatisticsFilter filter, TimePeriod period, IEnumerable<int> dataPeriods)
    {
        int first = int.MaxValue, last = int.MinValue;
        foreach (var number in dataPeriods)
        {
            first = Math.Min(first, number);
            last = Math.Max(last, number);
        }
        if (filter.From is { } from) first = TimeBuckets.Number(from.UtcTicks, period);
        if (filter.To is { } to) last = TimeBuckets.Number(to.UtcTicks - 1, period);
        return first > last ? (0, -1) : (first, last);
    }

    private IEnumerable<int> DatedPeriods(IEnumerable<int> nodes, TimePeriod period) =>
        nodes.Where(n => graph.CreatedTicks[n] != 0).Select(n => TimeBuckets.Number(graph.CreatedTicks[n], period));
}
