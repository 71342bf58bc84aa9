namespace OpenAccess.Lineage.Domain.Statistics;

public sealed partial class EcosystemStatistics
{
    private static readonly string[] KindNames = ["pretrained", "fine-tune", "chat-instruct", "adapter", "quantized", "merge"];

    /// <summary>Models created each period (a week unless asked), one line per <see cref="ModelKind"/> (always all six, in enum order).</summary>
    public PeriodCounts? NewModelsByType(StatisticsFilter filter, TimePeriod period = TimePeriod.Week) => graph.Read(() =>
    {
        using var scope = ModelScope.Of(graph, filter);
        if (scope is null) return null;
        var (first, last) = TimeBuckets.Span(filter, period, DatedPeriods(scope.Nodes, period), maxPoints);
        var counts = new int[KindNames.Length][];
        for (var k = 0; k < counts.Length; k++) counts[k] = new int[Math.Max(0, last - first + 1)];
        foreach (var node in scope.Nodes)
        {
            if (graph.CreatedTicks[node] == 0) continue;
            var number = TimeBuckets.Number(graph.CreatedTicks[node], period);
            if (number >= first && number <= last) counts[(int)graph.Kinds[node]][number - first]++;
        }
        return new PeriodCounts(period, TimeBuckets.Labels(first, last, period),
            KindNames.Select((name, k) => new CountSeries(name, counts[k])).ToList());
    });

    /// <summary>
    /// Models in existence at the end of each week by architecture (<c>model_type</c>, else the first of
    /// <c>architectures</c>, else <c>unknown</c>); the <paramref name="top"/> largest at the last week
    /// are named, the rest summed as <c>other</c>. Models created before the range count in its first week.
    /// </summary>
    public PeriodCounts? TotalModelsPerWeekByArchitecture(StatisticsFilter filter, int top = 10) => graph.Read(() =>
    {
        using var scope = ModelScope.Of(graph, filter);
        if (scope is null) return null;
        var (first, last) = TimeBuckets.Span(filter, TimePeriod.Week, DatedPeriods(scope.Nodes, TimePeriod.Week), maxPoints);
        var weeks = Math.Max(0, last - first + 1);

        // One line per interned architecture; models without one share the line of "unknown".
        var unknown = graph.Architectures.Find("unknown") is var named and >= 0 ? named : graph.Architectures.Count;
        var lines = new int[]?[graph.Architectures.Count + 1];
        foreach (var node in scope.Nodes)
        {
            if (graph.CreatedTicks[node] == 0 || weeks == 0) continue;
            var week = TimeBuckets.Number(graph.CreatedTicks[node], TimePeriod.Week);
            if (week > last) continue;
            var architecture = graph.ArchitectureOf[node] is var a and >= 0 ? a : unknown;
            (lines[architecture] ??= new int[weeks])[Math.Max(0, week - first)]++;
        }

        return new PeriodCounts(TimePeriod.Week, TimeBuckets.Labels(first, last, TimePeriod.Week),
            ArchitectureLines.Ranked(lines, a => a == unknown ? "unknown" : graph.Architectures[a]!, top, weeks));
    });
}
