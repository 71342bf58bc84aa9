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
