using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Tests.Fixtures;

namespace OpenAccess.Fitting.Tests;

/// <summary>A fit that ends with a parameter on a bound has a status of its own and an unreliable forecast (issue 19, item 6).</summary>
public class BoundStatusTests
{
    static readonly WsbFitter Fitter = new();

    static RealFamily Family(string id) => RealSeries.Families.Single(f => f.FamilyId == id);

    [Fact]
    public void Gemma_7b_with_lambda_on_its_cap_is_at_bound_with_the_parameter_named_not_fitted()
    {
        var gemma = Family("google/gemma-7b");

        var fit = Fitter.Fit(gemma.Series, 10);

        Assert.Equal(FitStatus.AtBound, fit.Status);
        Assert.Equal(["lambda"], fit.ParametersAtBound);
        Assert.Equal(20, fit.Parameters!.Lambda, 1e-3);
        Assert.StartsWith("λ at its upper bound 20:", fit.Detail);
        Assert.Contains("unreliable", fit.Detail);
        // It still has parameters: the outlier rules, the m profile and the back-test use them as before.
        Assert.True(fit.IsFitted);
    }

    [Fact]
    public void The_forecast_of_a_fit_at_a_bound_is_drawn_but_marked_unreliable()
    {
        var gemma = Family("google/gemma-7b");
        var fit = Fitter.Fit(gemma.Series, 10);

        var forecast = new AdoptionForecaster(Fitter, replicates: 50).Forecast(gemma.Series, fit, 6);

        Assert.Equal(FitStatus.AtBound, forecast.Status);
        Assert.True(forecast.HasForecast);
        Assert.False(forecast.IsReliable);
        Assert.StartsWith("unreliable:", forecast.Detail);
    }

    [Theory]
    [InlineData("meta-llama/Llama-2-7b")]
    [InlineData("meta-llama/Llama-2-7b-chat-hf")]
    [InlineData("microsoft/phi-2")]
    public void A_fit_inside_every_bound_stays_fitted_and_reliable(string id)
    {
        var family = Family(id);

        var fit = Fitter.Fit(family.Series, 10);
        var forecast = new AdoptionForecaster(Fitter, replicates: 50).Forecast(family.Series, fit, 6);

        Assert.Equal((FitStatus.Fitted, "fitted"), (fit.Status, fit.Detail));
        Assert.Empty(fit.ParametersAtBound);
        Assert.True(forecast.IsReliable);
    }
}
