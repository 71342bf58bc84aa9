namespace OpenAccess.Fitting.Domain;

/// <summary>
/// Extrapolates a fitted family h months past its last observed month. The 95 % band is a delta-method
/// prediction band: the variance of c(t) from the parameter covariance (gᵀΣg) plus the residual variance
/// of the fit, ±1.96 standard deviations. A cumulative count cannot fall, so the expectation and the
/// lower edge are floored at the last observed count.
/// </summary>
public static class AdoptionForecaster
{
    const double Z95 = 1.959963984540054;

    public static AdoptionForecast Forecast(WsbFit fit, int horizonMonths)
    {
        if (!fit.IsFitted || fit.Parameters is null || fit.Covariance is null)
            return new AdoptionForecast(fit.Status, $"no forecast: {fit.Detail}", []);
        if (horizonMonths < 1)
            return new AdoptionForecast(fit.Status, "no forecast: the horizon must be at least one month", []);

        var points = new List<ForecastPoint>(horizonMonths);
        for (var t = fit.LastMonthIndex + 1; t <= fit.LastMonthIndex + horizonMonths; t++)
        {
            var curve = WsbModel.Cumulative(t, fit.M, fit.Parameters);
            var variance = fit.Covariance.PropagatedVariance(WsbModel.Gradient(t, fit.M, fit.Parameters)) + fit.ResidualVariance;
            var half = Z95 * Math.Sqrt(Math.Max(variance, 0));
            points.Add(new ForecastPoint(t, Math.Max(curve, fit.LastCumulative), Math.Max(curve - half, fit.LastCumulative), Math.Max(curve + half, fit.LastCumulative)));
        }
        var detail = fit.ParametersAtBound.Contains("lambda")
            ? "λ is at its cap: the family is still accelerating and the ultimate count is not determined"
            : "forecast";
        return new AdoptionForecast(FitStatus.Fitted, detail, points);
    }
}
