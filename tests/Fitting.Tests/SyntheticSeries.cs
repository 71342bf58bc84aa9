using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Tests;

/// <summary>Series drawn from the model itself: each month's new derivatives Poisson around the curve's increase.</summary>
public static class SyntheticSeries
{
    public static IReadOnlyList<AdoptionObservation> Exact(double m, WsbParameters p, int months) =>
        [.. Enumerable.Range(1, months).Select(t => new AdoptionObservation(t, WsbModel.Cumulative(t, m, p)))];

    public static IReadOnlyList<AdoptionObservation> Poisson(double m, WsbParameters p, int months, int seed)
    {
        var random = new Random(seed);
        var series = new List<AdoptionObservation>(months);
        var total = 0.0;
        for (var t = 1; t <= months; t++)
        {
            var expectedNew = WsbModel.Cumulative(t, m, p) - (t == 1 ? 0 : WsbModel.Cumulative(t - 1, m, p));
            total += expectedNew > 0 ? MathNet.Numerics.Distributions.Poisson.Sample(random, expectedNew) : 0;
            series.Add(new AdoptionObservation(t, total));
        }
        return series;
    }
}
