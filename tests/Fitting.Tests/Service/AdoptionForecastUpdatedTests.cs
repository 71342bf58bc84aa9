using System.Net;
using System.Net.Http.Json;
using OpenAccess.Fitting.Apis;
using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Tests.Fixtures;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>What other services see on the bus when a series arrives, and what a stale or duplicate series does.</summary>
public sealed class AdoptionForecastUpdatedTests : IAsyncLifetime
{
    readonly InMemoryFittingFactory factory = new(InMemoryFittingFactory.FixedM);
    HttpClient http = null!;
    BusProbe probe = null!;

    public async ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        probe = await BusProbe.AttachAsync(factory.Bus);
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task A_series_publishes_its_fit_forecast_and_outliers_under_a_deterministic_id()
    {
        var gemma = RealSeries.Families.Single(f => f.FamilyId == "google/gemma-7b");
        var expected = RealFamiliesService.Fit(gemma);
        var forecast = RealFamiliesService.Forecast(gemma, 12);

        await factory.Bus.Publish(SeriesEvents.From(gemma, version: 7));
        var published = (await probe.PublishedAsync(1)).Single();

        Assert.Equal(MessageIds.From("google/gemma-7b", "7"), probe.Published.Single().MessageId);
        Assert.Equal(("google/gemma-7b", "fitted", 7L, 10.0), (published.FamilyId, published.Status, published.SeriesVersion, published.M));
        Assert.Equal((expected.Parameters!.Lambda, expected.Parameters.Mu, expected.Parameters.Sigma), (published.Lambda!.Value, published.Mu!.Value, published.Sigma!.Value));
        Assert.Equal(expected.RSquared, published.RSquared!.Value, 1e-12);
        // λ at its cap: the ultimate count is not determined, so none is claimed.
        Assert.Contains("lambda", expected.ParametersAtBound);
        Assert.Null(published.UltimateDerivatives);
        // The contract's status word stays "fitted"; the new field says the fit is on a bound and from which day the data is.
        Assert.Equal(["lambda"], published.ParametersAtBound);
        Assert.Equal(SeriesEvents.SnapshotObservedOn, published.ObservedOn);
        Assert.Equal(forecast.Points.Select(p => (p.MonthIndex, p.Expected, p.Lower95, p.Upper95)),
            published.Forecast.Select(p => (p.MonthIndex, p.Expected, p.Lower95, p.Upper95)));
        Assert.Contains("month 12 added 102 derivatives", published.OutlierReason);
    }

    [Fact]
    public async Task A_stale_or_duplicate_series_refits_nothing_and_publishes_nothing()
    {
        var llama = RealSeries.Families.Single(f => f.FamilyId == "meta-llama/Llama-2-7b");
        await factory.Bus.Publish(SeriesEvents.From(llama, version: 5));
        await probe.PublishedAsync(1);

        await factory.Bus.Publish(SeriesEvents.From(llama, version: 5));
        await factory.Bus.Publish(SeriesEvents.Counts("meta-llama/Llama-2-7b", 4, 1, 2, 3, 5, 8, 13, 21));
        await probe.ConsumedAsync(3);

        Assert.Single(probe.Published);
        var fit = (await http.GetFromJsonAsync<FitWithSeries>("/fits/meta-llama/Llama-2-7b", RealFamiliesService.Json))!;
        Assert.Equal((5L, 5L, llama.CumulativeDerivatives.Length), (fit.Fit.SeriesVersion, fit.Series.SeriesVersion, fit.Fit.Points));

        await factory.Bus.Publish(SeriesEvents.Counts("meta-llama/Llama-2-7b", 6, 1, 2, 3, 5, 8, 13, 21));
        var newer = await probe.PublishedAsync(2);
        Assert.Equal((6L, "fitted"), (newer[1].SeriesVersion, newer[1].Status));
        Assert.Equal(MessageIds.From("meta-llama/Llama-2-7b", "6"), probe.Published[1].MessageId);
    }

    [Theory]
    [InlineData("zeros/none", "not-enough-data", FitStatus.NoAdoption, new[] { 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData("short/two", "not-enough-data", FitStatus.NotEnoughData, new[] { 3, 9 })]
    [InlineData("flat/once", "not-enough-data", FitStatus.NoGrowth, new[] { 40, 40, 40, 40, 40, 40, 40 })]
    [InlineData("bad/falling", "invalid-series", FitStatus.InvalidCounts, new[] { 1, 5, 9, 4, 12, 20, 25 })]
    [InlineData("one/jump", "not-enough-data", FitStatus.NotEnoughData, new[] { 0, 0, 0, 500, 500, 500, 500 })]
    public async Task A_degenerate_series_gets_a_status_and_no_numbers_not_an_error(string id, string published, FitStatus status, int[] counts)
    {
        await factory.Bus.Publish(SeriesEvents.Counts(id, 1, counts));
        var message = (await probe.PublishedAsync(1)).Single();

        Assert.Equal((published, (double?)null, (double?)null, 0), (message.Status, message.Lambda, message.RSquared, message.Forecast.Count));
        var fit = (await http.GetFromJsonAsync<FitWithSeries>($"/fits/{id}", RealFamiliesService.Json))!;
        Assert.Equal(status, fit.Fit.Status);
        Assert.False(string.IsNullOrWhiteSpace(fit.Fit.Detail));
        using var forecast = await http.GetAsync($"/fits/{id}/forecast?horizon=3");
        Assert.Equal(HttpStatusCode.OK, forecast.StatusCode);
        var list = (await http.GetFromJsonAsync<FitPage>("/fits?sort=ultimate", RealFamiliesService.Json))!;
        Assert.Equal(status, list.Items.Single().Status);
    }
}
