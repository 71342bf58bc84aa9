using OpenAccess.Contracts;
using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Storage;

namespace OpenAccess.Fitting.Refitting;

/// <summary>Fits one family's series at a given m and describes the result as the stored document: fit, forecast, outliers.</summary>
public sealed class FamilyFitBuilder(WsbFitter fitter, AdoptionForecaster forecaster, OutlierDetector outliers)
{
    public FamilyFit Build(FamilyAdoptionChanged series, SharedMValue m, int horizonMonths)
    {
        var observations = Observations(series);
        var fit = fitter.Fit(observations, m.M);
        var forecast = forecaster.Forecast(observations, fit, horizonMonths);
        var capped = fit.ParametersAtBound.Contains("lambda");
        return new FamilyFit
        {
            FamilyId = series.FamilyId,
            Author = series.Author,
            SeriesVersion = series.SeriesVersion,
            M = m.M,
            MSource = m.Source,
            Status = fit.Status,
            Detail = fit.Detail,
            Points = fit.Points,
            ObservedOn = series.ObservedOn,
            LastMonthIndex = fit.LastMonthIndex,
            LastCumulative = fit.LastCumulative,
            Parameters = fit.Parameters,
            StandardErrors = fit.StandardErrors,
            BootstrapStandardErrors = forecast.StandardErrors,
            RSquared = fit.IsFitted ? Finite(fit.RSquared) : null,
            Rmse = fit.IsFitted ? Finite(fit.Rmse) : null,
            Ultimate = fit.IsFitted && !capped ? Finite(fit.Ultimate) : null,
            ParametersAtBound = fit.ParametersAtBound,
            ExitReason = fit.ExitReason,
            Forecast = Describe(forecast, horizonMonths),
            Outliers = outliers.Detect(observations, fit),
        };
    }

    /// <summary>A forecast for another horizon than the stored one, from the same fit.</summary>
    public StoredForecast Forecast(FamilyAdoptionChanged series, double m, int horizonMonths)
    {
        var observations = Observations(series);
        return Describe(forecaster.Forecast(observations, fitter.Fit(observations, m), horizonMonths), horizonMonths);
    }

    public static IReadOnlyList<AdoptionObservation> Observations(FamilyAdoptionChanged series) =>
        [.. series.Months.Select(p => new AdoptionObservation(p.MonthIndex, p.CumulativeDerivatives))];

    static StoredForecast Describe(AdoptionForecast forecast, int horizonMonths) => new(
        horizonMonths, forecast.Status, forecast.Detail, forecast.Replicates,
        [.. forecast.Points.Select(p => new ForecastMonth(p.MonthIndex, p.Expected, Finite(p.Lower95), Finite(p.Upper95)))]);

    static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
