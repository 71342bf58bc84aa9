namespace OpenAccess.Contracts;

/// <summary>
/// The adoption series of a base model (a root of the lineage graph) changed. Carries the whole
/// series, so the consumer needs no earlier event. Published by Lineage, coalesced: at most once
/// per family per configured interval.
/// </summary>
public sealed record FamilyAdoptionChanged
{
    /// <summary>Hub id of the base model the family is rooted at.</summary>
    public required string FamilyId { get; init; }

    /// <summary>Author / organisation of the base model.</summary>
    public required string Author { get; init; }

    /// <summary>Creation time of the base model (UTC); month 1 of the series is the calendar month that contains it.</summary>
    public required DateTimeOffset ReleasedAt { get; init; }

    /// <summary>One point per calendar month from the release month through the month of <see cref="ObservedOn"/>, oldest first, no gaps.</summary>
    public IReadOnlyList<AdoptionPoint> Months { get; init; } = [];

    /// <summary>
    /// The day (UTC) the data was observed: the newest creation or last-modified time of any model the publisher holds
    /// (for a snapshot, its newest record; for a live harvest, the moment of the harvest, since the Hub changes every
    /// minute). The last month of <see cref="Months"/> contains it and is observed only up to it. Null from a publisher
    /// that does not know it (before issue 19): then the series ends at its newest derivative's month.
    /// </summary>
    public DateOnly? ObservedOn { get; init; }

    /// <summary>Version of the series, increasing with every change; lets a consumer drop a stale event.</summary>
    public long SeriesVersion { get; init; }
}

/// <summary>Derivatives of one family in one calendar month.</summary>
/// <param name="Month">First day of the calendar month (UTC).</param>
/// <param name="MonthIndex">t of the adoption model: 1 for the release month, 2 for the next…</param>
/// <param name="NewDerivatives">Derivatives (any depth, any relation) created in this month.</param>
/// <param name="CumulativeDerivatives">Derivatives created up to and including this month.</param>
/// <param name="CumulativeByRelation">Cumulative derivatives by relation kind of the model's own link into the family.</param>
public sealed record AdoptionPoint(
    DateOnly Month,
    int MonthIndex,
    int NewDerivatives,
    int CumulativeDerivatives,
    IReadOnlyDictionary<BaseModelRelation, int> CumulativeByRelation);
