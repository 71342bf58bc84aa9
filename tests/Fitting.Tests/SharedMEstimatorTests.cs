using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Tests.Fixtures;

namespace OpenAccess.Fitting.Tests;

public class SharedMEstimatorTests
{
    [Fact]
    public void Families_generated_with_one_m_give_that_m_back()
    {
        const double m = 30;
        var families = new[] { (3.0, 1.0, 0.5), (4.0, 2.0, 0.8), (5.0, 2.5, 1.2), (2.5, 0.8, 0.4) }
            .Select(p => SyntheticSeries.Exact(m, new WsbParameters(p.Item1, p.Item2, p.Item3), 30));

        var estimate = new SharedMEstimator().Estimate(families)!;

        // The grid point nearest 30 on the ten-a-decade grid.
        Assert.Equal(Math.Pow(10, 1.5), estimate.M, 1e-9);
        Assert.Equal(4, estimate.FamiliesUsed);
    }

    [Fact]
    public void On_the_real_families_the_profile_matches_scipy_point_by_point()
    {
        var estimate = new SharedMEstimator().Estimate(RealSeries.Families.Select(f => f.Series))!;

        Assert.Equal(RealSeries.Scipy.M, estimate.M, 1e-9);
        Assert.Equal(4, estimate.FamiliesUsed);
        Assert.Equal(RealSeries.Scipy.MProfile.Length, estimate.Profile.Count);
        foreach (var (ours, theirs) in estimate.Profile.Zip(RealSeries.Scipy.MProfile))
        {
            Assert.Equal(theirs.M, ours.M, 1e-9 * theirs.M);
            Assert.True(ours.SumOneMinusRSquared <= theirs.SumOneMinusRSquared + 1e-7,
                $"at m = {ours.M} our Σ(1 − R²) {ours.SumOneMinusRSquared} is worse than scipy's {theirs.SumOneMinusRSquared}");
        }
    }

    [Fact]
    public void Without_a_fittable_family_there_is_no_estimate()
    {
        IReadOnlyList<AdoptionObservation>[] families = [[new(1, 18)], [new(1, 12), new(2, 48), new(3, 66), new(4, 66)]];

        Assert.Null(new SharedMEstimator().Estimate(families));
    }
}
