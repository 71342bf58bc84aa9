namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>Maps UTC ticks to consecutive period numbers and back to the period's first day.</summary>
internal static class TimeBuckets
{
    /// <summary>Start value of a (first, last) pair that <see cref="Include"/> widens.</summary>
    public static readonly (int First, int Last) NoPeriods = (int.MaxValue, int.MinValue);

    // 0001-01-01 is a Monday, so whole weeks since tick 0 are Monday-based weeks.
    public static int Number(long ticks, TimePeriod period)
    {
        if (period == TimePeriod.Week) return (int)(ticks / TimeSpan.TicksPerDay / 7);
        new DateTime(ticks).Deconstruct(out var year, out var month, out _);
        return period == TimePeriod.Quarter ? year * 4 + (month - 1) / 3 : year * 12 + month - 1;
    }

    public static DateOnly Start(int number, TimePeriod period) => period switch
    {
        TimePeriod.Week => DateOnly.FromDayNumber(number * 7),
        TimePeriod.Quarter => new DateOnly(number / 4, number % 4 * 3 + 1, 1),
        _ => new DateOnly(number / 12, number % 12 + 1, 1),
    };

    public static DateOnly[] Labels(int first, int last, TimePeriod period)
    {
        var labels = new DateOnly[Math.Max(0, last - first + 1)];
        for (var i = 0; i < labels.Length; i++) labels[i] = Start(first + i, period);
        return labels;
    }

    public static void Include(ref (int First, int Last) periods, int number)
    {
        if (number < periods.First) periods.First = number;
        if (number > periods.Last) periods.Last = number;
    }

    /// <summary>The first and last period in which a member of <paramref name="members"/> is dated (<paramref name="ticks"/> not 0).</summary>
    public static (int First, int Last) Dated(ReadOnlySpan<int> members, long[] ticks, TimePeriod period)
    {
        var periods = NoPeriods;
        foreach (var member in members)
            if (ticks[member] is var at and not 0) Include(ref periods, Number(at, period));
        return periods;
    }

    /// <summary>
    /// The periods a chart shows: the filter's range, else the range of the data; (0, -1) when none.
    /// Throws <see cref="SeriesTooLongException"/> past <paramref name="maxPoints"/> periods, before anything is counted.
    /// </summary>
    public static (int First, int Last) Span(StatisticsFilter filter, TimePeriod period, (int First, int Last) data, int maxPoints)
    {
        var (first, last) = data;
        if (filter.From is { } from) first = Number(from.UtcTicks, period);
        if (filter.To is { } to) last = Number(to.UtcTicks - 1, period);
        if (first > last) return (0, -1);
        if ((long)last - first + 1 > maxPoints) throw new SeriesTooLongException((long)last - first + 1, maxPoints, period);
        return (first, last);
    }
}

/// <summary>A time series would have more points than one answer may hold.</summary>
public sealed class SeriesTooLongException(long points, int maxPoints, TimePeriod period)
    : Exception($"The series would have {points:N0} {period.ToString().ToLowerInvariant()}s, over the limit of {maxPoints:N0} points.")
{
    public long Points { get; } = points;
    public int MaxPoints { get; } = maxPoints;
    public TimePeriod Period { get; } = period;
}
