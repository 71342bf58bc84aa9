using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Tests;

public class RecoveryTests
{
    static readonly WsbFitter Fitter = new();

    public static TheoryData<double, double, double, double, int> KnownFamilies() => new()
    {
        // m, λ, μ, σ, months
        { 30, 4.0, 2.0, 0.8, 36 },   // steady riser, ultimate ≈ 1 600
        { 30, 2.5, 0.5, 0.6, 24 },   // adopted at once, flat after a few months
        { 10, 6.0, 2.8, 1.2, 48 },   // slow starter still growing at the end
        { 100, 3.0, 1.5, 0.4, 30 },  // sharp wave around month 4–5
    };

    [Theory]
    [MemberData(nameof(KnownFamilies))]
    public void Noise_free_series_are_fitted_back_exactly(double m, double lambda, double mu, double sigma, int months)
    {
        var truth = new WsbParameters(lambda, mu, sigma);

        var fit = Fitter.Fit(SyntheticSeries.Exact(m, truth, months), m);

        Assert.Equal(FitStatus.Fitted, fit.Status);
        Assert.Equal(lambda, fit.Parameters!.Lambda, 1e-4);
        Assert.Equal(mu, fit.Parameters.Mu, 1e-4);
        Assert.Equal(sigma, fit.Parameters.Sigma, 1e-4);
        Assert.True(fit.RSquared > 1 - 1e-10);
    }

    [Theory]
    [MemberData(nameof(KnownFamilies))]
    public void Poisson_noisy_series_are_fitted_back_close_to_the_truth(double m, double lambda, double mu, double sigma, int months)
    {
        var truth = new WsbParameters(lambda, mu, sigma);
        var fits = Enumerable.Range(1, 20).Select(seed => Fitter.Fit(SyntheticSeries.Poisson(m, truth, months, seed), m)).ToList();

        Assert.All(fits, fit =>
        {
            Assert.Equal(FitStatus.Fitted, fit.Status);
            Assert.InRange(fit.Parameters!.Lambda, lambda * 0.8, lambda * 1.2);
            Assert.InRange(fit.Parameters.Mu, mu - 0.2 * Math.Max(1, mu), mu + 0.2 * Math.Max(1, mu));
            Assert.InRange(fit.Parameters.Sigma, sigma * 0.8, sigma * 1.2);
            Assert.True(fit.RSquared > 0.98, $"R² {fit.RSquared}");
        });
        // Over 20 draws the estimator must centre on the truth, not merely stay near it.
        Assert.Equal(lambda, fits.Average(f => f.Parameters!.Lambda), 0.05 * lambda);
        Assert.Equal(mu, fits.Average(f => f.Parameters!.Mu), 0.05 * Math.Max(1, mu));
        Assert.Equal(sigma, fits.Average(f => f.Parameters!.Sigma), 0.05 * sigma);
    }

    [Fact]
    public void The_fit_does_not_depend_on_the_size_of_the_family()
    {
        var truth = new WsbParameters(3, 1.5, 0.7);
        var small = Fitter.Fit(SyntheticSeries.Poisson(5, truth, 30, seed: 7), 5);
        var scaled = small with { };
        var series = SyntheticSeries.Poisson(5, truth, 30, seed: 7).Select(o => o with { CumulativeDerivatives = o.CumulativeDerivatives * 1000 }).ToList();

        var large = Fitter.Fit(series, 5000);

        Assert.Equal(small.Parameters!.Lambda, large.Parameters!.Lambda, 1e-5);
        Assert.Equal(small.Parameters.Mu, large.Parameters.Mu, 1e-5);
        Assert.Equal(small.Parameters.Sigma, large.Parameters.Sigma, 1e-5);
        Assert.Equal(small.RSquared, large.RSquared, 1e-9);
        Assert.Equal(small.Rmse * 1000, large.Rmse, 1e-3 * large.Rmse);
        Assert.Equal(scaled.Ultimate * 1000, large.Ultimate, 1e-4 * large.Ultimate);
    }
}
