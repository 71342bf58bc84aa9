using OpenAccess.Contracts;
using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Storage;

namespace OpenAccess.Fitting.Refitting;

/// <summary>The published form of a stored fit.</summary>
public static class ForecastUpdatedEvent
{
    public static AdoptionForecastUpdated From(FamilyFit fit) => new()
    {
        FamilyId = fit.FamilyId,
        Status = Status(fit.Status),
        M = fit.M,
        Lambda = fit.Parameters?.Lambda,
        Mu = fit.Parameters?.Mu,
        Sigma = fit.Parameters?.Sigma,
        RSquared = fit.RSquared,
        UltimateDerivatives = fit.Ultimate,
        // The contract's band is not optional: a month without one (no replicate refitted) is not published.
        Forecast = [.. fit.Forecast.Points
            .Where(p => p.Lower95 is not null && p.Upper95 is not null)
            .Select(p => new OpenAccess.Contracts.ForecastPoint(p.MonthIndex, p.Expected, p.Lower95!.Value, p.Upper95!.Value))],
        OutlierReason = fit.Outliers.Count == 0 ? null : string.Join("; ", fit.Outliers.Select(o => o.Reason)),
        SeriesVersion = fit.SeriesVersion,
        ObservedOn = fit.ObservedOn,
        ParametersAtBound = fit.ParametersAtBound,
    };

    /// <summary>The contract's four status words.</summary>
    public static string Status(FitStatus status) => status switch
    {
        // The contract's words are kept; a fit on a bound is "fitted" there, with the parameters named in ParametersAtBound.
        FitStatus.Fitted or FitStatus.AtBound => "fitted",
        FitStatus.NotEnoughData or FitStatus.NoAdoption or FitStatus.NoGrowth => "not-enough-data",
        FitStatus.DidNotConverge => "did-not-converge",
        FitStatus.InvalidCounts or FitStatus.InvalidMonths => "invalid-series",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unmapped fit status"),
    };
}
