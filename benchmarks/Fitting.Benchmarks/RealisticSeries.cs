using MathNet.Numerics.Distributions;
using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Benchmarks;

/// <summary>
/// Adoption series like the snapshot's: WSB curves with λ, μ, σ drawn around the real fits
/// (λ 1.5–6, μ 0.5–3, σ 0.3–2.5), 8–36 months, Poisson new derivatives each month.
/// </summary>
public static class RealisticSeries
{
    public static List<int[]> Generate(int count, double m, int seed)
    {
        var random = new Random(seed);
        var series = new List<int[]>(count);
        while (series.Count < count)
        {
            var p = new WsbParameters(1.5 + 4.5 * random.NextDouble(), 0.5 + 2.5 * random.NextDouble(), 0.3 + 2.2 * random.NextDouble());
            var months = random.Next(8, 37);
            var counts = new int[months];
            var total = 0;
            for (var t = 1; t <= months; t++)
            {
                var expectedNew = WsbModel.Cumulative(t, m, p) - (t == 1 ? 0 : WsbModel.Cumulative(t - 1, m, p));
                total += expectedNew > 0 ? Poisson.Sample(random, expectedNew) : 0;
                counts[t - 1] = total;
            }
            series.Add(counts);
        }
        return series;
    }

    public static IReadOnlyList<AdoptionObservation> Observations(int[] counts) =>
        [.. counts.Select((c, i) => new AdoptionObservation(i + 1, c))];
}
