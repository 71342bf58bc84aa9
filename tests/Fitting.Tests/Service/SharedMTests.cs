using System.Net;
using System.Net.Http.Json;
using OpenAccess.Fitting.Apis;
using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Refitting;
using OpenAccess.Fitting.Storage;
using OpenAccess.Fitting.Tests.Fixtures;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>Where m comes from: configuration, the refit-all action, or the periodic estimate.</summary>
public sealed class SharedMTests
{
    static readonly MEstimate Expected = new SharedMEstimator().Estimate(RealSeries.Families.Select(f => f.Series))!;

    [Fact]
    public async Task A_configured_m_is_reported_as_configured_and_used_for_every_fit()
    {
        await using var factory = new InMemoryFittingFactory(new Dictionary<string, string?> { ["OpenAccess:Fitting:M"] = "31.6" });
        var http = factory.CreateClient();
        var probe = await BusProbe.AttachAsync(factory.Bus);

        await factory.Bus.Publish(SeriesEvents.From(RealSeries.Families.Single(f => f.FamilyId == "microsoft/phi-2")));

        Assert.Equal(31.6, (await probe.PublishedAsync(1)).Single().M);
        var m = await Get<SharedMValue>(http, "/m");
        Assert.Equal((31.6, SharedMValue.Configured), (m.M, m.Source));
    }

    [Fact]
    public async Task Refit_all_estimates_m_over_the_stored_families_and_refits_them_with_it()
    {
        await using var factory = new InMemoryFittingFactory(new Dictionary<string, string?> { ["OpenAccess:Fitting:InitialM"] = "100" });
        var http = factory.CreateClient();
        var probe = await BusProbe.AttachAsync(factory.Bus);
        foreach (var family in RealSeries.Families)
            await factory.Bus.Publish(SeriesEvents.From(family));
        await probe.PublishedAsync(RealSeries.Families.Count);
        Assert.Equal((100.0, SharedMValue.Initial), await MAsync(http));

        using var accepted = await http.PostAsync("/refit-all", null);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var done = await Until(http, s => s.State == "completed");

        var m = await Get<SharedMValue>(http, "/m");
        Assert.Equal((Expected.M, SharedMValue.Estimated, Expected.FamiliesUsed), (m.M, m.Source, m.FamiliesUsed));
        Assert.Equal(Expected.Profile, m.Profile);
        Assert.Equal((6, 6, 6), (done.Families, done.Refitted, done.Changed));
        var fits = await Get<FitPage>(http, "/fits");
        Assert.All(fits.Items, f => Assert.Equal(Expected.M, Get<FitWithSeries>(http, $"/fits/{f.FamilyId}").Result.Fit.M));
        // Every refitted family was published again, at the new m.
        var republished = await probe.PublishedAsync(2 * RealSeries.Families.Count);
        Assert.All(republished.Skip(RealSeries.Families.Count), p => Assert.Equal(Expected.M, p.M));

        // A second refit at the same m changes no fit and publishes nothing.
        await http.PostAsync("/refit-all", null);
        var again = await Until(http, s => s.State == "completed" && s.StartedAt > done.StartedAt);
        Assert.Equal((6, 0), (again.Refitted, again.Changed));
    }

    [Fact]
    public async Task The_periodic_estimate_replaces_the_initial_m()
    {
        await using var factory = new InMemoryFittingFactory(new Dictionary<string, string?>
        {
            ["OpenAccess:Fitting:InitialM"] = "100",
            ["OpenAccess:Fitting:MEstimationInterval"] = "00:00:01",
        });
        var http = factory.CreateClient();
        var probe = await BusProbe.AttachAsync(factory.Bus);
        foreach (var family in RealSeries.Families)
            await factory.Bus.Publish(SeriesEvents.From(family));
        await probe.PublishedAsync(RealSeries.Families.Count);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await MAsync(http) != (Expected.M, SharedMValue.Estimated))
        {
            Assert.True(DateTime.UtcNow < deadline, $"m is still {await MAsync(http)}");
            await Task.Delay(200);
        }
        // m moved from 100 to the estimate, so the schedule refitted every family with it.
        while ((await Get<FitPage>(http, "/fits")).Items.Any(f => Get<FitWithSeries>(http, $"/fits/{f.FamilyId}").Result.Fit.M != Expected.M))
        {
            Assert.True(DateTime.UtcNow < deadline, "the families were not refitted at the estimated m");
            await Task.Delay(200);
        }
        Assert.Equal("schedule", (await Get<RefitAllStatus>(http, "/refit-all")).Trigger);
    }

    static async Task<(double, string)> MAsync(HttpClient http)
    {
        var m = await Get<SharedMValue>(http, "/m");
        return (m.M, m.Source);
    }

    static async Task<RefitAllStatus> Until(HttpClient http, Func<RefitAllStatus, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var status = await Get<RefitAllStatus>(http, "/refit-all");
            if (done(status))
                return status;
            Assert.True(DateTime.UtcNow < deadline, $"refit-all is {status}");
            Assert.NotEqual("failed", status.State);
            await Task.Delay(100);
        }
    }

    static async Task<T> Get<T>(HttpClient http, string path) => (await http.GetFromJsonAsync<T>(path, RealFamiliesService.Json))!;
}
