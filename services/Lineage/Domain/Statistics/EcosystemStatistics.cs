using System.Buffers;

namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>
/// The ecosystem figures (after Vake et al.) computed from the lineage graph on demand, each under
/// the graph's read lock. Methods return null when the filter names a family that is not a known root.
/// Each is a few passes over int-indexed arrays (authors, architectures and families are ints);
/// scratch arrays the size of the graph are pooled. A time series longer than
/// <paramref name="maxPoints"/> periods is refused with <see cref="SeriesTooLongException"/>.
/// </summary>
public sealed partial class EcosystemStatistics(LineageGraph graph, int maxPoints = EcosystemStatistics.DefaultMaxPoints)
{
    public const int DefaultMaxPoints = 1_000;

    /// <summary>Total and new authors per period. An author is new in the period of their first model in scope, whatever the time range.</summary>
    public AuthorActivitySeries? AuthorActivity(StatisticsFilter filter, TimePeriod period) => graph.Read(() =>
    {
        using var scope = ModelScope.Of(graph, filter);
        if (scope is null) return null;
        var authors = graph.Authors.Count;
        var firstPeriod = ArrayPool<int>.Shared.Rent(Math.Max(1, authors));
        try
        {
            Array.Fill(firstPeriod, int.MaxValue, 0, authors);
            foreach (var node in scope.Nodes)
            {
                var (ticks, author) = (graph.CreatedTicks[node], graph.AuthorOf[node]);
                if (ticks == 0 || author < 0) continue;
                var number = TimeBuckets.Number(ticks, period);
                if (number < firstPeriod[author]) firstPeriod[author] = number;
            }
            var data = TimeBuckets.NoPeriods;
            for (var author = 0; author < authors; author++)
                if (firstPeriod[author] != int.MaxValue) TimeBuckets.Include(ref data, firstPeriod[author]);

            var (first, last) = TimeBuckets.Span(filter, period, data, maxPoints);
            var fresh = new int[Math.Max(0, last - first + 1)];
            var before = 0;
            for (var author = 0; author < authors; author++)
            {
                var number = firstPeriod[author];
                if (number == int.MaxValue) continue;
                if (number < first) before++;
                else if (number <= last) fresh[number - first]++;
            }
            var total = new int[fresh.Length];
            for (var i = 0; i < fresh.Length; i++) total[i] = before += fresh[i];
            return new AuthorActivitySeries(period, TimeBuckets.Labels(first, last, period), total, fresh);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(firstPeriod);
        }
    });

    /// <summary>Authors by the number of repositories they created in the time range.</summary>
    public RepositoriesPerAuthorDistribution? RepositoriesPerAuthor(StatisticsFilter filter) => graph.Read(() =>
    {
        using var scope = ModelScope.Of(graph, filter);
        if (scope is null) return null;
        var authors = graph.Authors.Count;
        var perAuthor = ArrayPool<int>.Shared.Rent(Math.Max(1, authors));
        try
        {
            Array.Clear(perAuthor, 0, authors);
            var most = 0;
            foreach (var node in scope.Nodes)
                if (graph.AuthorOf[node] is var author and >= 0 && InRange(node, filter))
                    most = Math.Max(most, ++perAuthor[author]);

            var authorsOwning = new int[most + 1];
            for (var author = 0; author < authors; author++) authorsOwning[perAuthor[author]]++;
            var repositories = new List<int>();
            var owners = new List<int>();
            for (var n = 1; n <= most; n++)
                if (authorsOwning[n] > 0)
                {
                    repositories.Add(n);
                    owners.Add(authorsOwning[n]);
                }
            return new RepositoriesPerAuthorDistribution(repositories.ToArray(), owners.ToArray());
        }
        finally
        {
            ArrayPool<int>.Shared.Return(perAuthor);
        }
    });

    private bool InRange(int node, StatisticsFilter filter) => filter.InRange(graph.CreatedTicks[node]);

    private (int First, int Last) DatedPeriods(ReadOnlySpan<int> nodes, TimePeriod period) => TimeBuckets.Dated(nodes, graph.CreatedTicks, period);
}
