using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Storage;

/// <summary>
/// The stored fit of one family's newest series, with its forecast and outliers. Numbers that do not
/// exist for a status (R² of an unfitted series…) are null, never NaN, so the document is valid JSON.
/// </summary>
public sealed record FamilyFit
{
    public required string FamilyId { get; init; }
    public required string Author { get; init; }

    /// <summary>Version of the series the fit was made from.</summary>
    public required long SeriesVersion { get; init; }

    public required double M { get; init; }

    /// <summary>How m was obtained: configured, estimated or initial.</summary>
    public required string MSource { get; init; }

    public required FitStatus Status { get; init; }
    public required string Detail { get; init; }
    public required int Points { get; init; }

    /// <summary>The day the series was observed (<c>FamilyAdoptionChanged.ObservedOn</c>), in month <see cref="LastMonthIndex"/>; the forecast starts the month after.</summary>
    public DateOnly? ObservedOn { get; init; }

    public int LastMonthIndex { get; init; }
    public double LastCumulative { get; init; }

    public WsbParameters? Parameters { get; init; }

    /// <summary>Asymptotic standard errors (what curve_fit reports; too narrow for a cumulative series).</summary>
    public WsbParameters? StandardErrors { get; init; }

    /// <summary>Bootstrap standard errors from the forecast's replicates; use these.</summary>
    public WsbParameters? BootstrapStandardErrors { get; init; }

    public double? RSquared { get; init; }
    public double? Rmse { get; init; }

    /// <summary>m(e^λ − 1); null when λ is at its cap (still accelerating: not determined).</summary>
    public double? Ultimate { get; init; }

    public IReadOnlyList<string> ParametersAtBound { get; init; } = [];
    public string ExitReason { get; init; } = "";
    public required StoredForecast Forecast { get; init; }
    public IReadOnlyList<AdoptionOutlier> Outliers { get; init; } = [];
}

/// <summary>A forecast as stored and served: the band is null when no bootstrap replicate could be refitted.</summary>
public sealed record StoredForecast(int HorizonMonths, FitStatus Status, string Detail, int Replicates, IReadOnlyList<ForecastMonth> Points);

public sealed record ForecastMonth(int MonthIndex, double Expected, double? Lower95, double? Upper95);
