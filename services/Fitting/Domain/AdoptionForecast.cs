namespace OpenAccess.Fitting.Domain;

/// <summary>Expected cumulative derivatives in a future month and its 95 % prediction band.</summary>
public sealed record ForecastPoint(int MonthIndex, double Expected, double Lower95, double Upper95);

/// <summary>A forecast, or the reason there is none (the fit's status).</summary>
public sealed record AdoptionForecast(FitStatus Status, string Detail, IReadOnlyList<ForecastPoint> Points)
{
    public bool HasForecast => Status == FitStatus.Fitted && Points.Count > 0;
}
