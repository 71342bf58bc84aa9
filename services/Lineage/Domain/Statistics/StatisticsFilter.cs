namespace OpenAccess.Lineage.Domain.Statistics;

/// <summary>
/// Narrows a statistic: to models created in [From, To), to one family (the root and its
/// descendants) and/or to one author. Null means no limit.
/// </summary>
public sealed record StatisticsFilter
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? FamilyId { get; init; }
    public string? Author { get; init; }

    public static readonly StatisticsFilter None = new();

    /// <summary>Created (or submitted) in [From, To); undated (<paramref name="ticks"/> 0) is in range only when no range is given.</summary>
    public bool InRange(long ticks)
    {
        if (ticks == 0) return From is null && To is null;
        return (From is not { } from || ticks >= from.UtcTicks) && (To is not { } to || ticks < to.UtcTicks);
    }
}

public enum TimePeriod
{
    /// <summary>Monday-to-Sunday weeks (UTC), labelled by their Monday.</summary>
    Week,
    /// <summary>Calendar months (UTC), labelled by their first day.</summary>
    Month,
    /// <summary>Calendar quarters (UTC: January–March, …), labelled by their first day.</summary>
    Quarter,
}
