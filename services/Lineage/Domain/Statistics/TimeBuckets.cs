namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>Maps UTC ticks to consecutive period numbers and back to the period's first day.</summary>
internal static class TimeBuckets
{
    // 0001-01-01 is a Monday, so whole weeks since tick 0 are Monday-based weeks.
    public static int Number(long ticks, TimePeriod period) => period == TimePeriod.Week
        ? (int)(ticks / TimeSpan.TicksPerDay / 7)
        : new DateTime(ticks).Year * 12 + new DateTime(ticks).Month - 1;

    public static DateOnly Start(int number, TimePeriod period) => period == TimePeriod.Week
        ? DateOnly.FromDayNumber(number * 7)
        : new DateOnly(number / 12, number % 12 + 1, 1);

    public static DateOnly[] Labels(int first, int last, TimePeriod period)
    {
        var labels = new DateOnly[Math.Max(0, last - first + 1)];
        for (var i = 0; i < labels.Length; i++) labels[i] = Start(first + i, period);
        return labels;
    }
}
