namespace OpenAccess.Fitting.Domain;

/// <summary>Result of fitting one family's series with m fixed.</summary>
public sealed record WsbFit
{
    public required FitStatus Status { get; init; }

    /// <summary>Why the status is what it is, in words a user can act on.</summary>
    public required string Detail { get; init; }

    public required double M { get; init; }

    /// <summary>Number of months in the series.</summary>
    public required int Points { get; init; }

    /// <summary>Last month index of the series the fit saw (forecasts start after it).</summary>
    public int LastMonthIndex { get; init; }

    /// <summary>Last cumulative count the fit saw.</summary>
    public double LastCumulative { get; init; }

    public WsbParameters? Parameters { get; init; }

    /// <summary>
    /// Asymptotic standard errors of λ, μ, σ: (JᵀJ)⁻¹·RSS/(n − 3), what curve_fit reports. They assume
    /// independent errors, but a cumulative series carries each month's noise into every later month,
    /// so they understate the uncertainty; <see cref="AdoptionForecast.StandardErrors"/> (bootstrap) does not.
    /// </summary>
    public WsbParameters? StandardErrors { get; init; }

    public WsbCovariance? Covariance { get; init; }

    public double RSquared { get; init; } = double.NaN;

    public double Rmse { get; init; } = double.NaN;

    /// <summary>Residual variance RSS/(n − 3), the noise a forecast band adds to the parameter uncertainty.</summary>
    public double ResidualVariance { get; init; } = double.NaN;

    /// <summary>m(e^λ − 1), the count the family tends to.</summary>
    public double Ultimate { get; init; } = double.NaN;

    /// <summary>Names of parameters that ended on a bound ("lambda" at its cap: still accelerating, ultimate count unknown).</summary>
    public IReadOnlyList<string> ParametersAtBound { get; init; } = [];

    public int Iterations { get; init; }

    /// <summary>The optimiser's exit reason for the kept start.</summary>
    public string ExitReason { get; init; } = "";

    /// <summary>True when the fit has parameters: <see cref="FitStatus.Fitted"/>, or <see cref="FitStatus.AtBound"/> (usable with care).</summary>
    public bool IsFitted => Status is FitStatus.Fitted or FitStatus.AtBound;
}
