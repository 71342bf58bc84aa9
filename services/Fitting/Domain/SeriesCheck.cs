namespace OpenAccess.Fitting.Domain;

/// <summary>Decides whether a series can be fitted at all, and says why not.</summary>
public static class SeriesCheck
{
    /// <returns>null when the series can be fitted, otherwise the status and its reason.</returns>
    public static (FitStatus Status, string Detail)? Problem(IReadOnlyList<AdoptionObservation> series, WsbFitOptions options)
    {
        if (series.Count == 0)
            return (FitStatus.NotEnoughData, "the series is empty");
        for (var i = 0; i < series.Count; i++)
        {
            var (month, count) = series[i];
            if (month < 1 || (i > 0 && month <= series[i - 1].MonthIndex))
                return (FitStatus.InvalidMonths, $"month index {month} at position {i} is not ≥ 1 and after the previous one");
            if (!double.IsFinite(count) || count < 0)
                return (FitStatus.InvalidCounts, $"month {month} has count {count}; counts must be finite and ≥ 0");
            if (i > 0 && count < series[i - 1].CumulativeDerivatives)
                return (FitStatus.InvalidCounts, $"cumulative count falls from {series[i - 1].CumulativeDerivatives} to {count} in month {month}");
        }
        if (series[^1].CumulativeDerivatives == 0)
            return (FitStatus.NoAdoption, $"no derivatives in {series.Count} months");
        if (series.Count < options.MinimumPoints)
            return (FitStatus.NotEnoughData, $"{series.Count} months; at least {options.MinimumPoints} needed");
        if (series[^1].CumulativeDerivatives == series[0].CumulativeDerivatives)
            return (FitStatus.NoGrowth, $"all {series[0].CumulativeDerivatives} derivatives are in month {series[0].MonthIndex} and none came later");
        var growthMonths = GrowthMonths(series);
        if (growthMonths < options.MinimumGrowthMonths)
            return (FitStatus.NotEnoughData, $"new derivatives in only {growthMonths} months; at least {options.MinimumGrowthMonths} needed to fix the curve's shape");
        return null;
    }

    static int GrowthMonths(IReadOnlyList<AdoptionObservation> series)
    {
        var months = series[0].CumulativeDerivatives > 0 ? 1 : 0;
        for (var i = 1; i < series.Count; i++)
            if (series[i].CumulativeDerivatives > series[i - 1].CumulativeDerivatives)
                months++;
        return months;
    }
}
