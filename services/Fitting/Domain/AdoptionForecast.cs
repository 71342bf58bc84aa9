namespace OpenAccess.Fitting.Domain;

/// <summary>Expected cumulative derivatives in a future month and its 95 % prediction band.</summary>
public sealed record ForecastPoint(int MonthIndex, double Expected, double Lower95, double Upper95);

/// <summary>A forecast, or the reason there is none (the fit's status).</summary>
/// <param name="Status">The fit's status; only <see cref="FitStatus.Fitted"/> and <see cref="FitStatus.AtBound"/> (unreliable) have points.</param>
/// <param name="Detail">Why there is no forecast, or what to keep in mind about it.</param>
/// <param name="Points">One point per month after the last observed one.</param>
/// <param name="StandardErrors">Bootstrap standard errors of λ, μ, σ; null without a forecast.</param>
/// <param name="Replicates">Bootstrap replicates that could be refitted and make up the band.</param>
public sealed record AdoptionForecast(
    FitStatus Status, string Detail, IReadOnlyList<ForecastPoint> Points,
    WsbParameters? StandardErrors = null, int Replicates = 0)
{
    public bool HasForecast => Status is (FitStatus.Fitted or FitStatus.AtBound) && Points.Count > 0;

    /// <summary>False when the fit it follows from has a parameter on a bound: the numbers are a limit of the search.</summary>
    public bool IsReliable => Status == FitStatus.Fitted;
}
