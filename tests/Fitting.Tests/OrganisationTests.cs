using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Tests;

public class OrganisationTests
{
    static WsbFit Fitted(double lambda, double mu, double sigma, params string[] atBound) => new()
    {
        Status = FitStatus.Fitted, Detail = "fitted", M = 10, Points = 12,
        Parameters = new WsbParameters(lambda, mu, sigma), ParametersAtBound = atBound,
    };

    static WsbFit Unfitted() => new() { Status = FitStatus.NotEnoughData, Detail = "1 months", M = 10, Points = 1 };

    [Fact]
    public void Each_organisation_gets_its_family_count_median_and_interquartile_range()
    {
        (string, WsbFit)[] families =
        [
            ("meta-llama", Fitted(1, 0.5, 0.2)), ("meta-llama", Fitted(2, 1.0, 0.4)), ("meta-llama", Fitted(3, 1.5, 0.6)),
            ("meta-llama", Fitted(4, 2.0, 0.8)), ("Meta-Llama", Fitted(5, 2.5, 1.0)),
            ("google", Fitted(7, 3, 2)),
        ];

        var summaries = OrganisationComparer.Compare(families);

        var meta = summaries[0];
        Assert.Equal("meta-llama", meta.Author);
        Assert.Equal(5, meta.Families);
        Assert.Equal(3.0, meta.Lambda!.Median);
        Assert.Equal(1.5, meta.Mu!.Median);
        Assert.Equal(0.6, meta.Sigma!.Median, 1e-12);
        // MathNet's quartiles are R-8 (median-unbiased): for 1…5 they are 1⅔ and 4⅓.
        Assert.Equal(5.0 / 3, meta.Lambda.LowerQuartile, 1e-9);
        Assert.Equal(13.0 / 3, meta.Lambda.UpperQuartile, 1e-9);
        Assert.Equal(8.0 / 3, meta.Lambda.InterquartileRange, 1e-9);
        var google = summaries[1];
        Assert.Equal((1, 7.0, 0.0), (google.Families, google.Lambda!.Median, google.Lambda.InterquartileRange));
    }

    [Fact]
    public void Unfitted_families_and_parameters_on_a_bound_count_as_families_but_not_in_the_spread()
    {
        (string, WsbFit)[] families =
        [
            ("google", Fitted(3, 1, 0.5)), ("google", Fitted(20, 4.4, 1.9, "lambda")), ("google", Unfitted()),
            ("mistralai", Unfitted()),
        ];

        var summaries = OrganisationComparer.Compare(families);

        var google = summaries.Single(s => s.Author == "google");
        Assert.Equal((3, 1), (google.Families, google.FamiliesSummarised));
        Assert.Equal(3.0, google.Lambda!.Median);
        var mistral = summaries.Single(s => s.Author == "mistralai");
        Assert.Equal((1, 0), (mistral.Families, mistral.FamiliesSummarised));
        Assert.Null(mistral.Lambda);
    }
}
