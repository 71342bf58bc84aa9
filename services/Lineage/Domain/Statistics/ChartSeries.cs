namespace OpenAccess.Lineage.Domain.Statistics;

// Every statistic is a record of parallel arrays: one x axis and one array per line a chart draws.

/// <summary>One line of counts over the periods of its chart.</summary>
public sealed record CountSeries(string Name, int[] Values);

/// <summary>One line of shares (0–1) over the periods of its chart.</summary>
public sealed record ShareSeries(string Name, double[] Values);

/// <summary>Authors with at least one model up to each period, and authors whose first model falls in it.</summary>
public sealed record AuthorActivitySeries(TimePeriod Period, DateOnly[] Periods, int[] TotalAuthors, int[] NewAuthors);

/// <summary>How many authors own 1, 2, 3… repositories: Authors[i] authors own Repositories[i] each.</summary>
public sealed record RepositoriesPerAuthorDistribution(int[] Repositories, int[] Authors);

/// <summary>Counts per period, one line per type or architecture.</summary>
public sealed record PeriodCounts(TimePeriod Period, DateOnly[] Periods, IReadOnlyList<CountSeries> Series)
{
    /// <summary>The periods again when they are weeks: the name weekly answers have always had (null for another period).</summary>
    public DateOnly[]? Weeks => Period == TimePeriod.Week ? Periods : null;
}

/// <summary>
/// Concentration of derivatives on families at the end of each period: each top family's share,
/// the top-k share and the Herfindahl–Hirschman index (sum of squared shares, 0–1).
/// </summary>
public sealed record ConcentrationSeries(
    TimePeriod Period,
    DateOnly[] Periods,
    int TopK,
    int[] TotalDerivatives,
    IReadOnlyList<ShareSeries> FamilyShares,
    double[] TopKShare,
    double[] Herfindahl);
