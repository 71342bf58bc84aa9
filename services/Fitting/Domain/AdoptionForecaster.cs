using MathNet.Numerics.Statistics;

namespace OpenAccess.Fitting.Domain;

/// <summary>
/// Extrapolates a fitted family h months past its last observed month, with a 95 % band from a
/// residual bootstrap of the monthly increments: new series are built from the fitted increments plus
/// resampled increment residuals (scaled by √ of the expected increment), refitted with m fixed, and
/// extended with resampled residuals for the future months; the band is the 2.5 and 97.5 percentiles. Increments rather than cumulative residuals
/// are resampled because a cumulative series carries each month's noise into all later months.
/// A cumulative count cannot fall, so the expectation and the band are floored at the last observed count.
/// </summary>
public sealed class AdoptionForecaster(WsbFitter? fitter = null, int replicates = 200)
{
    readonly WsbFitter _fitter = fitter ?? new WsbFitter();

    public AdoptionForecast Forecast(IReadOnlyList<AdoptionObservation> series, WsbFit fit, int horizonMonths)
    {
        if (!fit.IsFitted || fit.Parameters is null)
            return new AdoptionForecast(fit.Status, $"no forecast: {fit.Detail}", []);
        if (horizonMonths < 1)
            return new AdoptionForecast(fit.Status, "no forecast: the horizon must be at least one month", []);
        if (series.Count != fit.Points || series[^1].MonthIndex != fit.LastMonthIndex)
            return new AdoptionForecast(FitStatus.InvalidMonths, "no forecast: the series is not the one that was fitted", []);

        var months = Enumerable.Range(fit.LastMonthIndex + 1, horizonMonths).ToArray();
        var paths = Bootstrap(series, fit, months, out var parameters);
        var floor = fit.LastCumulative;
        var points = months.Select((t, j) =>
        {
            var expected = Math.Max(WsbModel.Cumulative(t, fit.M, fit.Parameters), floor);
            var column = paths.Select(path => path[j]).ToArray();
            return column.Length == 0
                ? new ForecastPoint(t, expected, double.NaN, double.NaN)
                : new ForecastPoint(t, expected, Math.Max(column.Quantile(0.025), floor), Math.Max(column.Quantile(0.975), floor));
        }).ToList();

        var detail = fit.ParametersAtBound.Contains("lambda")
            ? "unreliable: λ is at its cap, so the family is still accelerating and the ultimate count is not determined"
            : fit.Status == FitStatus.AtBound ? $"unreliable: {fit.Detail}"
            : paths.Count == 0 ? "no bootstrap replicate could be refitted: no band" : "forecast";
        var errors = parameters.Count < 2 ? null : new WsbParameters(
            parameters.Select(p => p.Lambda).StandardDeviation(),
            parameters.Select(p => p.Mu).StandardDeviation(),
            parameters.Select(p => p.Sigma).StandardDeviation());
        return new AdoptionForecast(fit.Status, detail, points, errors, paths.Count);
    }

    List<double[]> Bootstrap(IReadOnlyList<AdoptionObservation> series, WsbFit fit, int[] months, out List<WsbParameters> parameters)
    {
        var m = fit.M;
        var p = fit.Parameters!;
        var fittedNew = new double[series.Count];
        var residual = new double[series.Count];
        for (var i = 0; i < series.Count; i++)
        {
            var before = i == 0 ? (0.0, 0.0) : (series[i - 1].CumulativeDerivatives, WsbModel.Cumulative(series[i - 1].MonthIndex, m, p));
            fittedNew[i] = WsbModel.Cumulative(series[i].MonthIndex, m, p) - before.Item2;
            residual[i] = (series[i].CumulativeDerivatives - before.Item1 - fittedNew[i]) / Spread(fittedNew[i]);
        }

        // Seeded by the series itself: the same event always yields the same band.
        var random = new Random(Seed(series));
        var paths = new List<double[]>(replicates);
        parameters = new List<WsbParameters>(replicates);
        for (var b = 0; b < replicates; b++)
        {
            var total = 0.0;
            var resampled = new AdoptionObservation[series.Count];
            for (var i = 0; i < series.Count; i++)
            {
                total += Math.Max(fittedNew[i] + residual[random.Next(residual.Length)] * Spread(fittedNew[i]), 0);
                resampled[i] = series[i] with { CumulativeDerivatives = total };
            }
            var refit = _fitter.FitFrom(resampled, m, p);
            if (!refit.IsFitted)
                continue;
            parameters.Add(refit.Parameters!);
            var path = new double[months.Length];
            // A replicate's own level wanders with its resampled total; only its growth beyond the last
            // observed month is carried onto the fitted curve, so the band is about what comes next.
            var level = WsbModel.Cumulative(fit.LastMonthIndex, m, p) - WsbModel.Cumulative(fit.LastMonthIndex, m, refit.Parameters!);
            var noise = 0.0;
            for (var j = 0; j < months.Length; j++)
            {
                var expectedNew = WsbModel.Cumulative(months[j], m, refit.Parameters!) - WsbModel.Cumulative(months[j] - 1, m, refit.Parameters!);
                noise += residual[random.Next(residual.Length)] * Spread(expectedNew);
                path[j] = level + WsbModel.Cumulative(months[j], m, refit.Parameters!) + noise;
            }
            paths.Add(path);
        }
        return paths;
    }

    // Counts are Poisson-like: residuals are resampled in units of √(expected new derivatives), so a
    // busy month's swing is not pasted onto a quiet one.
    static double Spread(double expectedNew) => Math.Sqrt(Math.Max(expectedNew, 1));

    static int Seed(IReadOnlyList<AdoptionObservation> series)
    {
        var hash = 17L;
        foreach (var (t, c) in series)
            hash = unchecked(hash * 31 + t) * 31 + BitConverter.DoubleToInt64Bits(c);
        return (int)(hash ^ (hash >> 32));
    }
}
