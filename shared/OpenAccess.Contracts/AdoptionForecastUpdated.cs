namespace OpenAccess.Contracts;

/// <summary>
/// The Wang–Song–Barabási fit of a family was (re)computed:
/// c(t) = m · (exp(λ · Φ((ln t − μ) / σ)) − 1), t in months with the release month t = 1.
/// Published by Fitting.
/// </summary>
public sealed record AdoptionForecastUpdated
{
    /// <summary>Hub id of the base model the family is rooted at.</summary>
    public required string FamilyId { get; init; }

    /// <summary>Outcome of the fit: <c>fitted</c>, <c>not-enough-data</c>, <c>did-not-converge</c> or <c>invalid-series</c>.</summary>
    public required string Status { get; init; }

    /// <summary>m, the number of derivatives scale shared by all families (derivatives).</summary>
    public double? M { get; init; }

    /// <summary>λ, relative fitness (dimensionless, ≥ 0).</summary>
    public double? Lambda { get; init; }

    /// <summary>μ, immediacy: ln of the month at which growth peaks (ln months).</summary>
    public double? Mu { get; init; }

    /// <summary>σ, longevity: spread of the growth in ln months (&gt; 0).</summary>
    public double? Sigma { get; init; }

    /// <summary>Coefficient of determination of the fit on the cumulative series (1 is perfect).</summary>
    public double? RSquared { get; init; }

    /// <summary>Ultimate number of derivatives m · (e^λ − 1) the fit predicts.</summary>
    public double? UltimateDerivatives { get; init; }

    /// <summary>Forecast cumulative derivatives for the coming months, with a 95 % band.</summary>
    public IReadOnlyList<ForecastPoint> Forecast { get; init; } = [];

    /// <summary>Why the family was flagged as an outlier the model cannot follow; null when it was not.</summary>
    public string? OutlierReason { get; init; }

    /// <summary>The <see cref="FamilyAdoptionChanged.SeriesVersion"/> this fit was made from.</summary>
    public long SeriesVersion { get; init; }

    /// <summary>
    /// Parameters (<c>lambda</c>, <c>mu</c>, <c>sigma</c>) that ended on a bound of the search. When any is named, the fit's
    /// status in Fitting's API is <c>AtBound</c>: the values are where the search stopped, not measurements, and the forecast is
    /// unreliable. <see cref="Status"/> still says <c>fitted</c>, as before this field existed.
    /// </summary>
    public IReadOnlyList<string> ParametersAtBound { get; init; } = [];

    /// <summary>The series' <see cref="FamilyAdoptionChanged.ObservedOn"/>: the forecast's first month is the one after it.</summary>
    public DateOnly? ObservedOn { get; init; }
}

/// <summary>One forecast month.</summary>
/// <param name="MonthIndex">t (release month is 1).</param>
/// <param name="Expected">Expected cumulative derivatives.</param>
/// <param name="Lower95">Lower bound of the 95 % band.</param>
/// <param name="Upper95">Upper bound of the 95 % band.</param>
public sealed record ForecastPoint(int MonthIndex, double Expected, double Lower95, double Upper95);
