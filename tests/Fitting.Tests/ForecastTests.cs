using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Tests;

public class ForecastTests
{
    static readonly WsbFitter Fitter = new();
    static readonly WsbParameters Truth = new(4.0, 2.2, 0.8);
    const double M = 30;

    [Fact]
    public void The_95_percent_band_holds_the_months_that_really_followed()
    {
        var forecaster = new AdoptionForecaster(Fitter, replicates: 100);
        int inside = 0, total = 0;
        var widths = new List<double>();
        for (var seed = 1; seed <= 25; seed++)
        {
            var full = SyntheticSeries.Poisson(M, Truth, 30, seed);
            var history = full.Take(24).ToList();
            var fit = Fitter.Fit(history, M);

            var forecast = forecaster.Forecast(history, fit, 6);

            Assert.True(forecast.HasForecast);
            foreach (var point in forecast.Points)
            {
                var actual = full.Single(o => o.MonthIndex == point.MonthIndex).CumulativeDerivatives;
                total++;
                if (actual >= point.Lower95 && actual <= point.Upper95)
                    inside++;
                widths.Add((point.Upper95 - point.Lower95) / point.Expected);
            }
        }
        Assert.True(inside >= 0.85 * total, $"band held {inside} of {total} later months");
        Assert.True(widths.Average() < 0.5, $"band {widths.Average():P0} of the forecast wide on average: too wide to be useful");
    }

    [Fact]
    public void Bootstrap_standard_errors_cover_the_truth_where_the_asymptotic_ones_do_not()
    {
        var forecaster = new AdoptionForecaster(Fitter, replicates: 100);
        int bootstrapHits = 0, asymptoticHits = 0;
        const int draws = 20;
        for (var seed = 1; seed <= draws; seed++)
        {
            var series = SyntheticSeries.Poisson(M, Truth, 30, seed);
            var fit = Fitter.Fit(series, M);
            var bootstrap = forecaster.Forecast(series, fit, 1).StandardErrors!;

            if (Math.Abs(fit.Parameters!.Lambda - Truth.Lambda) <= 2 * bootstrap.Lambda)
                bootstrapHits++;
            if (Math.Abs(fit.Parameters.Lambda - Truth.Lambda) <= 2 * fit.StandardErrors!.Lambda)
                asymptoticHits++;
        }
        Assert.True(bootstrapHits >= 0.8 * draws, $"truth within 2 bootstrap errors in {bootstrapHits} of {draws}");
        Assert.True(asymptoticHits < bootstrapHits, $"asymptotic {asymptoticHits} vs bootstrap {bootstrapHits}");
    }

    [Fact]
    public void Forecast_is_the_fitted_curve_rising_with_a_band_around_it()
    {
        var series = SyntheticSeries.Poisson(M, Truth, 20, seed: 3);
        var fit = Fitter.Fit(series, M);

        var forecast = new AdoptionForecaster(Fitter).Forecast(series, fit, 12);

        Assert.Equal(Enumerable.Range(21, 12), forecast.Points.Select(p => p.MonthIndex));
        Assert.All(forecast.Points, p =>
        {
            Assert.Equal(Math.Max(WsbModel.Cumulative(p.MonthIndex, M, fit.Parameters!), series[^1].CumulativeDerivatives), p.Expected, 1e-9);
            Assert.InRange(p.Expected, p.Lower95, p.Upper95);
            Assert.True(p.Lower95 >= series[^1].CumulativeDerivatives, "a cumulative count cannot fall below what is already observed");
        });
        var widths = forecast.Points.Select(p => p.Upper95 - p.Lower95).ToList();
        Assert.True(widths[^1] > widths[0], "uncertainty grows with the horizon");
        Assert.True(forecast.Points.Zip(forecast.Points.Skip(1)).All(p => p.Second.Expected >= p.First.Expected));
    }

    [Fact]
    public void The_same_series_always_gets_the_same_band()
    {
        var series = SyntheticSeries.Poisson(M, Truth, 20, seed: 5);
        var fit = Fitter.Fit(series, M);

        var first = new AdoptionForecaster(Fitter, 50).Forecast(series, fit, 3);
        var second = new AdoptionForecaster(Fitter, 50).Forecast(series, fit, 3);

        Assert.Equal(first.Points, second.Points);
    }

    [Fact]
    public void A_family_that_could_not_be_fitted_gets_no_forecast_and_the_reason()
    {
        IReadOnlyList<AdoptionObservation> series = [new(1, 18)];
        var fit = Fitter.Fit(series, M);

        var forecast = new AdoptionForecaster(Fitter).Forecast(series, fit, 6);

        Assert.False(forecast.HasForecast);
        Assert.Equal(FitStatus.NotEnoughData, forecast.Status);
        Assert.Empty(forecast.Points);
        Assert.Contains("at least 6", forecast.Detail);
    }

    [Fact]
    public void A_horizon_below_one_month_is_refused()
    {
        var series = SyntheticSeries.Poisson(M, Truth, 20, seed: 3);

        var forecast = new AdoptionForecaster(Fitter).Forecast(series, Fitter.Fit(series, M), 0);

        Assert.False(forecast.HasForecast);
        Assert.Contains("horizon", forecast.Detail);
    }
}
