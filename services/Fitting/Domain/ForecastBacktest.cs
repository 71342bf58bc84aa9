namespace OpenAccess.Fitting.Domain;

/// <summary>
/// Forecast skill: fit each family on all but its last k months, forecast those k months, and compare
/// the errors with two naive baselines on the same months.
/// </summary>
public sealed class ForecastBacktest(WsbFitter? fitter = null)
{
    readonly WsbFitter _fitter = fitter ?? new WsbFitter();
    readonly AdoptionForecaster _forecaster = new(fitter, replicates: 0);

    public SkillSummary Run(IEnumerable<FamilySeries> families, double m, int heldOutMonths)
    {
        var results = families.Select(f => Score(f, m, heldOutMonths)).ToList();
        var scored = results.Where(r => r.Wsb is not null).ToList();
        return new SkillSummary(
            heldOutMonths, scored.Count,
            Average(scored.Select(s => s.Wsb!)), Average(scored.Select(s => s.LinearTrend!)), Average(scored.Select(s => s.LastGrowth!)),
            scored.Count(s => s.Wsb!.MeanAbsoluteError < s.LinearTrend!.MeanAbsoluteError),
            scored.Count(s => s.Wsb!.MeanAbsoluteError < s.LastGrowth!.MeanAbsoluteError),
            results);
    }

    public FamilySkill Score(FamilySeries family, double m, int heldOutMonths)
    {
        var series = family.Series;
        if (heldOutMonths < 1 || series.Count <= heldOutMonths)
            return new FamilySkill(family.FamilyId, FitStatus.NotEnoughData,
                $"{series.Count} months cannot hold out {heldOutMonths}", heldOutMonths, null, null, null);

        var history = series.Take(series.Count - heldOutMonths).ToList();
        var actual = series.Skip(history.Count).ToList();
        var fit = _fitter.Fit(history, m);
        var forecast = _forecaster.Forecast(history, fit, actual[^1].MonthIndex - history[^1].MonthIndex);
        if (!forecast.HasForecast)
            return new FamilySkill(family.FamilyId, fit.Status, fit.Detail, heldOutMonths, null, null, null);

        var months = actual.Select(a => a.MonthIndex).ToList();
        var wsb = months.Select(t => forecast.Points.Single(p => p.MonthIndex == t).Expected).ToArray();
        return new FamilySkill(family.FamilyId, fit.Status, fit.Detail, heldOutMonths,
            Errors(wsb, actual), Errors(NaiveForecasts.LinearTrend(history, months), actual),
            Errors(NaiveForecasts.LastGrowthRepeated(history, months), actual));
    }

    static ForecastErrors Errors(double[] forecast, IReadOnlyList<AdoptionObservation> actual)
    {
        var absolute = forecast.Zip(actual, (f, a) => Math.Abs(f - a.CumulativeDerivatives)).ToArray();
        var relative = forecast.Zip(actual, (f, a) => (f, a: a.CumulativeDerivatives))
            .Where(x => x.a > 0).Select(x => 100 * Math.Abs(x.f - x.a) / x.a).ToArray();
        return new ForecastErrors(absolute.Average(), relative.Length > 0 ? relative.Average() : double.NaN);
    }

    static ForecastErrors? Average(IEnumerable<ForecastErrors> errors)
    {
        var list = errors.ToList();
        return list.Count == 0 ? null
            : new ForecastErrors(list.Average(e => e.MeanAbsoluteError), list.Average(e => e.MeanAbsolutePercentageError));
    }
}
