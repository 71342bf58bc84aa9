namespace OpenAccess.Lineage.Domain.Statistics;

public sealed partial class EcosystemStatistics
{
    private static readonly string[] KindNames = ["pretrained", "fine-tune", "chat-instruct", "adapter", "quantized", "merge"];

    /// <summary>Models created each week, one line per <see cref="ModelKind"/> (always all six, in enum order).</summary>
    public WeeklyCounts? NewModelsPerWeekByType(StatisticsFilter filter) => graph.Read(() =>
    {
        if (Scope(filter) is not { } scope) return null;
        var (first, last) = Span(filter, TimePeriod.Week, DatedPeriods(scope, TimePeriod.Week));
        var counts = new int[KindNames.Length][];
        for (var k = 0; k < counts.Length; k++) counts[k] = new int[Math.Max(0, last - first + 1)];
        foreach (var node in scope)
        {
            if (graph.CreatedTicks[node] == 0) continue;
            var week = TimeBuckets.Number(graph.CreatedTicks[node], TimePeriod.Week);
            if (week >= first && week <= last) counts[(int)graph.Kinds[node]][week - first]++;
        }
        return new WeeklyCounts(TimeBuckets.Labels(first, last, TimePeriod.Week),
            KindNames.Select((name, k) => new CountSeries(name, counts[k])).ToList());
    });

    /// <summary>
    /// Models in existence at the end of each week by architecture (<c>model_type</c>, else the first of
    /// <c>architectures</c>, else <c>unknown</c>); the <paramref name="top"/> largest at the last week
    /// are named, the rest summed as <c>other</c>. Models created before the range count in its first week.
    /// </summary>
    public WeeklyCounts? TotalModelsPerWeekByArchitecture(StatisticsFilter filter, int top = 10) => graph.Read(() =>
    {
        if (Scope(filter) is not { } scope) return null;
        var (first, last) = Span(filter, TimePeriod.Week, DatedPeriods(scope, TimePeriod.Week));
        var weeks = Math.Max(0, last - first + 1);
        var added = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var node in scope)
        {
            if (graph.CreatedTicks[node] == 0 || weeks == 0) continue;
            var week = TimeBuckets.Number(graph.CreatedTicks[node], TimePeriod.Week);
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
        return new WeeklyCounts(TimeBuckets.Labels(first, last, TimePeriod.Week), series);
    });
}
