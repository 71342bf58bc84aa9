using MathNet.Numerics;

namespace OpenAccess.Fitting.Domain;

/// <summary>The baselines a WSB forecast must beat to be worth its three parameters.</summary>
public static class NaiveForecasts
{
    /// <summary>Least-squares line through the cumulative series, extended.</summary>
    public static double[] LinearTrend(IReadOnlyList<AdoptionObservation> history, IReadOnlyList<int> months)
    {
        var (intercept, slope) = Fit.Line(
            [.. history.Select(o => (double)o.MonthIndex)], [.. history.Select(o => o.CumulativeDerivatives)]);
        return Floored(history, months.Select(t => intercept + slope * t));
    }

    /// <summary>The last month's new derivatives, repeated every month.</summary>
    public static double[] LastGrowthRepeated(IReadOnlyList<AdoptionObservation> history, IReadOnlyList<int> months)
    {
        var last = history[^1];
        var growth = history.Count > 1
            ? (last.CumulativeDerivatives - history[^2].CumulativeDerivatives) / (last.MonthIndex - history[^2].MonthIndex)
            : 0;
        return Floored(history, months.Select(t => last.CumulativeDerivatives + growth * (t - last.MonthIndex)));
    }

    // Every method gets the same floor the WSB forecast has: a cumulative count cannot fall.
    static double[] Floored(IReadOnlyList<AdoptionObservation> history, IEnumerable<double> values) =>
        [.. values.Select(v => Math.Max(v, history[^1].CumulativeDerivatives))];
}
