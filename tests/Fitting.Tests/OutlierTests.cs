using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Tests.Fixtures;

namespace OpenAccess.Fitting.Tests;

public class OutlierTests
{
    static readonly WsbFitter Fitter = new();
    static readonly OutlierDetector Detector = new();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_series_that_follows_the_model_is_not_flagged(int seed)
    {
        var series = SyntheticSeries.Poisson(30, new WsbParameters(4, 2, 0.8), 30, seed);

        var outliers = Detector.Detect(series, Fitter.Fit(series, 30));

        Assert.True(outliers.Count == 0, string.Join("; ", outliers.Select(o => o.Reason)));
    }

    [Fact]
    public void Two_adoption_waves_are_a_poor_fit()
    {
        // A first wave that saturates, then a second, larger one: one log-normal cannot follow both.
        var first = SyntheticSeries.Exact(30, new WsbParameters(3, 0.5, 0.2), 40);
        var second = SyntheticSeries.Exact(30, new WsbParameters(3, 3.2, 0.1), 40);
        var series = first.Zip(second, (a, b) => a with { CumulativeDerivatives = Math.Round(a.CumulativeDerivatives + b.CumulativeDerivatives) }).ToList();
        var fit = Fitter.Fit(series, 30);

        var outliers = Detector.Detect(series, fit);

        Assert.True(fit.RSquared < 0.9, $"R² {fit.RSquared}");
        var poor = Assert.Single(outliers, o => o.Kind == OutlierKind.PoorFit);
        Assert.Null(poor.MonthIndex);
        Assert.Contains("R²", poor.Reason);
    }

    [Fact]
    public void The_surges_of_the_real_families_are_flagged_at_their_months()
    {
        var m = RealSeries.Scipy.M;
        var flagged = RealSeries.Families
            .Select(f => (f.FamilyId, Jumps: Detector.Detect(f.Series, Fitter.Fit(f.Series, m)).Where(o => o.Kind == OutlierKind.AbruptJump).Select(o => o.MonthIndex).ToList()))
            .ToDictionary(x => x.FamilyId, x => x.Jumps);

        // gemma-7b went from 105 to 207 derivatives in its twelfth month, Llama-2-7b-chat-hf from 322 to 427
        // in its nineteenth; Llama-2-7b grew without a break. phi-2's +147 in month 5 falls in its busiest
        // months, which all swing (+26, +9, +41, +147, +26), so against its own spread it is no outlier.
        Assert.Empty(flagged["microsoft/phi-2"]);
        Assert.Equal([12], flagged["google/gemma-7b"]);
        Assert.Equal([19], flagged["meta-llama/Llama-2-7b-chat-hf"]);
        Assert.Empty(flagged["meta-llama/Llama-2-7b"]);
    }

    [Fact]
    public void An_unfitted_family_has_no_outlier_flags()
    {
        IReadOnlyList<AdoptionObservation> series = [new(1, 12), new(2, 48), new(3, 66), new(4, 66)];

        Assert.Empty(Detector.Detect(series, Fitter.Fit(series, 10)));
    }
}
