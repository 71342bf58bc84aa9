using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Tests.Fixtures;

namespace OpenAccess.Fitting.Tests;

/// <summary>The C# fits of the real snapshot series against scipy.optimize.curve_fit with the same model, m and bounds.</summary>
public class ScipyAgreementTests
{
    static readonly WsbFitter Fitter = new();

    public static TheoryData<string> FittedFamilies() => [.. RealSeries.Scipy.Fits.Select(f => f.FamilyId)];

    [Theory]
    [MemberData(nameof(FittedFamilies))]
    public void Fit_matches_scipy_and_is_at_least_as_good(string familyId)
    {
        var reference = RealSeries.Scipy.Fits.Single(f => f.FamilyId == familyId);
        var family = RealSeries.Families.Single(f => f.FamilyId == familyId);

        var fit = Fitter.Fit(family.Series, RealSeries.Scipy.M);

        Assert.True(fit.IsFitted, fit.Detail);
        Assert.Equal(reference.Points, fit.Points);
        Assert.True(fit.RSquared >= reference.RSquared - 1e-9, $"R² {fit.RSquared} below scipy's {reference.RSquared}");
        var p = fit.Parameters!;
        Assert.Equal(reference.Lambda, p.Lambda, 0.02 * Math.Max(1, reference.Lambda));
        Assert.Equal(reference.Mu, p.Mu, 0.02 * Math.Max(1, Math.Abs(reference.Mu)));
        Assert.Equal(reference.Sigma, p.Sigma, 0.02 * Math.Max(1, reference.Sigma));
        Assert.Equal(reference.Rmse, fit.Rmse, reference.Rmse * 1e-3);
    }

    [Theory]
    [MemberData(nameof(FittedFamilies))]
    public void Standard_errors_match_scipy_where_the_fit_is_inside_the_bounds(string familyId)
    {
        var reference = RealSeries.Scipy.Fits.Single(f => f.FamilyId == familyId);
        var fit = Fitter.Fit(RealSeries.Families.Single(f => f.FamilyId == familyId).Series, RealSeries.Scipy.M);
        Assert.SkipWhen(fit.ParametersAtBound.Count > 0, "on a bound the curvature is not a standard error");

        var se = fit.StandardErrors!;
        Assert.Equal(reference.StandardErrors[0], se.Lambda, 0.05 * reference.StandardErrors[0]);
        Assert.Equal(reference.StandardErrors[1], se.Mu, 0.05 * reference.StandardErrors[1]);
        Assert.Equal(reference.StandardErrors[2], se.Sigma, 0.05 * reference.StandardErrors[2]);
    }
}

/// <summary>Stopping once two starts agree must not lose the best minimum that trying every start finds.</summary>
public class EarlyStopTests
{
    static readonly WsbFitter Stopping = new();
    static readonly WsbFitter Exhaustive = new(new WsbFitOptions { AgreeingStarts = 0 });

    public static TheoryData<string> FittableFamilies() => [.. RealSeries.Scipy.Fits.Select(f => f.FamilyId)];

    [Theory]
    [MemberData(nameof(FittableFamilies))]
    public void Real_families_get_the_fit_of_trying_every_start(string familyId)
    {
        var series = RealSeries.Families.Single(f => f.FamilyId == familyId).Series;

        var stopped = Stopping.Fit(series, RealSeries.Scipy.M);
        var all = Exhaustive.Fit(series, RealSeries.Scipy.M);

        Assert.Equal(all.Status, stopped.Status);
        Assert.True(stopped.RSquared >= all.RSquared - 1e-9, $"R² {stopped.RSquared} below {all.RSquared}");
        Assert.Equal(all.Parameters!.Lambda, stopped.Parameters!.Lambda, 1e-3);
        Assert.Equal(all.Parameters.Mu, stopped.Parameters.Mu, 1e-3);
        Assert.Equal(all.Parameters.Sigma, stopped.Parameters.Sigma, 1e-3);
    }

    [Fact]
    public void Noisy_synthetic_families_get_the_fit_of_trying_every_start()
    {
        var truths = new[] { new WsbParameters(4.0, 2.0, 0.8), new WsbParameters(2.5, 0.5, 0.6), new WsbParameters(6.0, 2.8, 1.2), new WsbParameters(3.0, 1.5, 0.4) };
        var series = truths.SelectMany(p => Enumerable.Range(1, 10).Select(seed => SyntheticSeries.Poisson(10, p, 8 + 3 * seed, seed))).ToList();

        var shortfalls = series.Select(s => Exhaustive.Fit(s, 10).RSquared - Stopping.Fit(s, 10).RSquared).ToList();

        Assert.All(shortfalls, d => Assert.True(d <= 1e-9, $"R² {d} below trying every start"));
    }
}
