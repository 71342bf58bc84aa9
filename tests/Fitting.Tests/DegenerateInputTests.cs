using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Tests;

public class DegenerateInputTests
{
    static readonly WsbFitter Fitter = new();

    static IReadOnlyList<AdoptionObservation> Series(params double[] counts) =>
        [.. counts.Select((c, i) => new AdoptionObservation(i + 1, c))];

    public static TheoryData<string, double[], FitStatus, string> Cases() => new()
    {
        { "empty", [], FitStatus.NotEnoughData, "empty" },
        { "one month", [18], FitStatus.NotEnoughData, "1 months" },
        { "five months", [1, 3, 6, 9, 11], FitStatus.NotEnoughData, "at least 6" },
        { "all zeros", [0, 0, 0, 0, 0, 0, 0, 0], FitStatus.NoAdoption, "no derivatives" },
        { "constant", [12, 12, 12, 12, 12, 12, 12], FitStatus.NoGrowth, "none came later" },
        { "one huge jump", [0, 0, 0, 0, 0, 5000, 5000, 5000], FitStatus.NotEnoughData, "only 1 months" },
        { "negative", [1, 2, -3, 4, 5, 6], FitStatus.InvalidCounts, "month 3" },
        { "NaN", [1, 2, 3, double.NaN, 5, 6], FitStatus.InvalidCounts, "month 4" },
        { "infinite", [1, 2, 3, 4, double.PositiveInfinity, 6], FitStatus.InvalidCounts, "month 5" },
        { "falling", [1, 5, 9, 7, 12, 15], FitStatus.InvalidCounts, "falls from 9 to 7" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Unfittable_series_get_a_clear_status_and_no_numbers(string name, double[] counts, FitStatus status, string reason)
    {
        var fit = Fitter.Fit(Series(counts), 10);

        Assert.Equal(status, fit.Status);
        Assert.Contains(reason, fit.Detail);
        Assert.Null(fit.Parameters);
        Assert.Null(fit.StandardErrors);
        Assert.True(double.IsNaN(fit.Ultimate), name);
    }

    [Fact]
    public void Months_out_of_order_or_below_one_are_refused()
    {
        IReadOnlyList<AdoptionObservation> repeated = [new(1, 1), new(2, 2), new(2, 3), new(3, 4), new(4, 5), new(5, 6)];
        IReadOnlyList<AdoptionObservation> fromZero = [new(0, 1), new(1, 2), new(2, 3), new(3, 4), new(4, 5), new(5, 6)];

        Assert.Equal(FitStatus.InvalidMonths, Fitter.Fit(repeated, 10).Status);
        Assert.Equal(FitStatus.InvalidMonths, Fitter.Fit(fromZero, 10).Status);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    public void A_meaningless_m_is_refused(double m)
    {
        var fit = Fitter.Fit(Series(1, 4, 9, 15, 20, 24, 27), m);

        Assert.False(fit.IsFitted);
        Assert.Contains("m must be a positive number", fit.Detail);
    }

    [Fact]
    public void Random_garbage_never_throws_and_never_yields_a_non_finite_fitted_number()
    {
        var random = new Random(42);
        double[] specials = [double.NaN, -1, 0, 1e12, double.PositiveInfinity];
        for (var i = 0; i < 300; i++)
        {
            var counts = new double[random.Next(0, 14)];
            var total = 0.0;
            for (var j = 0; j < counts.Length; j++)
            {
                total += random.Next(4) == 0 ? random.Next(0, 1000) : random.Next(0, 3);
                counts[j] = random.Next(40) == 0 ? specials[random.Next(specials.Length)] : total;
            }

            var fit = Fitter.Fit(Series(counts), 10);

            if (fit.IsFitted)
            {
                Assert.True(double.IsFinite(fit.Parameters!.Lambda) && double.IsFinite(fit.Parameters.Mu) && double.IsFinite(fit.Parameters.Sigma));
                Assert.True(double.IsFinite(fit.RSquared) && double.IsFinite(fit.Rmse));
                Assert.InRange(fit.Parameters.Sigma, 0.05, 10);
                Assert.InRange(fit.Parameters.Lambda, 0, 20);
            }
            else
            {
                Assert.Null(fit.Parameters);
                Assert.False(string.IsNullOrWhiteSpace(fit.Detail));
            }
        }
    }

    [Fact]
    public void A_surge_inside_a_smooth_series_is_fitted_and_flagged_at_its_month()
    {
        var series = SyntheticSeries.Poisson(30, new WsbParameters(4, 2, 0.8), 30, seed: 11)
            .Select(o => o.MonthIndex >= 15 ? o with { CumulativeDerivatives = o.CumulativeDerivatives + 400 } : o).ToList();

        var fit = Fitter.Fit(series, 30);
        var outliers = new OutlierDetector().Detect(series, fit);

        Assert.Equal(FitStatus.Fitted, fit.Status);
        var jump = Assert.Single(outliers, o => o.Kind == OutlierKind.AbruptJump);
        Assert.Equal(15, jump.MonthIndex);
    }
}
