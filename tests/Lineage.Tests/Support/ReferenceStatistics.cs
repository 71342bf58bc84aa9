using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;

namespace OpenAccess.Lineage.Tests.Support;

/// <summary>
/// The ecosystem statistics computed the straightforward way (one descendant walk per family,
/// dictionaries, LINQ), as <see cref="EcosystemStatistics"/> computed them before it was made fast.
/// The tests compare against it; the benchmark times it as the baseline (it links this file).
/// </summary>
public sealed class ReferenceStatistics(LineageGraph graph)
{
    public AuthorActivitySeries? AuthorActivity(StatisticsFilter filter, TimePeriod period) => graph.Read(() =>
    {
        if (Scope(filter) is not { } scope) return null;
        var firstPeriod = new Dictionary<int, int>();
        foreach (var node in scope)
        {
            if (graph.CreatedTicks[node] == 0 || graph.AuthorOf[node] < 0) continue;
            var number = Number(graph.CreatedTicks[node], period);
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

    private static readonly string[] KindNames = ["pretrained", "fine-tune", "chat-instruct", "adapter", "quantized", "merge"];

    public PeriodCounts? NewModelsByType(StatisticsFilter filter) => graph.Read(() =>
    {
        if (Scope(filter) is not { } scope) return null;
        var (first, last) = Span(filter, TimePeriod.Week, DatedPeriods(scope, TimePeriod.Week));
        var counts = new int[KindNames.Length][];
        for (var k = 0; k < counts.Length; k++) counts[k] = new int[Math.Max(0, last - first + 1)];
        foreach (var node in scope)
        {
            if (graph.CreatedTicks[node] == 0) continue;
            var week = Number(graph.CreatedTicks[node], TimePeriod.Week);
            if (week >= first && week <= last) counts[(int)graph.Kinds[node]][week - first]++;
        }
        return new PeriodCounts(TimePeriod.Week, TimeBuckets.Labels(first, last, TimePeriod.Week),
            KindNames.Select((name, k) => new CountSeries(name, counts[k])).ToList());
    });

    public PeriodCounts? TotalModelsPerWeekByArchitecture(StatisticsFilter filter, int top = 10) => graph.Read(() =>
    {
        if (Scope(filter) is not { } scope) return null;
        var (first, last) = Span(filter, TimePeriod.Week, DatedPeriods(scope, TimePeriod.Week));
        var weeks = Math.Max(0, last - first + 1);
        var added = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var node in scope)
        {
            if (graph.CreatedTicks[node] == 0 || weeks == 0) continue;
            var week = Number(graph.CreatedTicks[node], TimePeriod.Week);
            if (week > last) continue;
            var name = graph.Architectures[graph.ArchitectureOf[node]] ?? "unknown";
            if (!added.TryGetValue(name, out var line)) added[name] = line = new int[weeks];
            line[Math.Max(0, week - first)]++;
        }
        foreach (var line in added.Values)
            for (var i = 1; i < line.Length; i++) line[i] += line[i - 1];

        var ranked = added.OrderByDescending(a => a.Value[^1]).ThenBy(a => a.Key, StringComparer.Ordinal).ToList();
        var series = ranked.Take(top).Select(a => new CountSeries(a.Key, a.Value)).ToList();
        if (ranked.Count > top)
        {
            var other = new int[weeks];
            foreach (var (_, line) in ranked.Skip(top))
                for (var i = 0; i < weeks; i++) other[i] += line[i];
            series.Add(new CountSeries("other", other));
        }
        return new PeriodCounts(TimePeriod.Week, TimeBuckets.Labels(first, last, TimePeriod.Week), series);
    });

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
            roots = Enumerable.Range(0, graph.Count).Where(graph.IsKnownRoot).ToArray();
        }
        var author = filter.Author is { } name ? graph.Authors.Find(name) : -2;

        var stamps = new int[graph.Count];
        var familyPeriods = new List<(int Root, List<int> Periods)>();
        for (var f = 0; f < roots.Length; f++)
        {
            var periods = new List<int>();
            foreach (var node in Descendants(roots[f], stamps, f + 1))
                if (graph.CreatedTicks[node] != 0 && (author == -2 || graph.AuthorOf[node] == author)
                    && (filter.To is not { } to || graph.CreatedTicks[node] < to.UtcTicks))
                    periods.Add(Number(graph.CreatedTicks[node], period));
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
            var squares = 0L;
            foreach (var line in cumulative)
            {
                squares += (long)line[i] * line[i];
                if (largest.Count < topK) largest.Enqueue(line[i], line[i]);
                else if (line[i] > largest.Peek()) largest.DequeueEnqueue(line[i], line[i]);
            }
            herfindahl[i] = squares / ((double)totals[i] * totals[i]);
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

    /// <summary>Distinct descendants, breadth first; walks over many roots share <paramref name="stamps"/>, each with its own stamp.</summary>
    private List<int> Descendants(int root, int[] stamps, int stamp)
    {
        var found = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(root);
        while (queue.TryDequeue(out var parent))
            foreach (var link in graph.ChildLinks.Get(parent))
            {
                var child = LineageGraph.NodeOf(link);
                if (stamps[child] == stamp) continue;
                stamps[child] = stamp;
                found.Add(child);
                queue.Enqueue(child);
            }
        return found;
    }

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

    private bool InRange(int node, StatisticsFilter filter)
    {
        var ticks = graph.CreatedTicks[node];
        if (ticks == 0) return filter.From is null && filter.To is null;
        return (filter.From is not { } from || ticks >= from.UtcTicks) && (filter.To is not { } to || ticks < to.UtcTicks);
    }

    private static (int First, int Last) Span(StatisticsFilter filter, TimePeriod period, IEnumerable<int> dataPeriods)
    {
        int first = int.MaxValue, last = int.MinValue;
        foreach (var number in dataPeriods)
        {
            first = Math.Min(first, number);
            last = Math.Max(last, number);
        }
        if (filter.From is { } from) first = Number(from.UtcTicks, period);
        if (filter.To is { } to) last = Number(to.UtcTicks - 1, period);
        return first > last ? (0, -1) : (first, last);
    }

    private IEnumerable<int> DatedPeriods(IEnumerable<int> nodes, TimePeriod period) =>
        nodes.Where(n => graph.CreatedTicks[n] != 0).Select(n => Number(graph.CreatedTicks[n], period));

    private static int Number(long ticks, TimePeriod period) => period switch
    {
        TimePeriod.Week => (int)(ticks / TimeSpan.TicksPerDay / 7),
        TimePeriod.Quarter => new DateTime(ticks).Year * 4 + (new DateTime(ticks).Month - 1) / 3,
        _ => new DateTime(ticks).Year * 12 + new DateTime(ticks).Month - 1,
    };
}
