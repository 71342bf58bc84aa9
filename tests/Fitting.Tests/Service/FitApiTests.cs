using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using OpenAccess.Contracts;
using OpenAccess.Fitting.Apis;
using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Tests.Fixtures;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>GET /fits… answer what the domain computes for the same real series.</summary>
public sealed class FitApiTests(RealFamiliesService service) : IClassFixture<RealFamiliesService>
{
    public static TheoryData<string> Families => [.. RealSeries.Families.Select(f => f.FamilyId)];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task A_family_answers_the_fit_forecast_and_outliers_the_domain_computes(string id)
    {
        var family = RealSeries.Families.Single(f => f.FamilyId == id);
        var expected = RealFamiliesService.Fit(family);
        var forecast = RealFamiliesService.Forecast(family, 12);

        var answer = await service.GetAsync<FitWithSeries>($"/fits/{id}");

        var fit = answer.Fit;
        Assert.Equal((expected.Status, expected.Points, RealFamiliesService.M, 1L), (fit.Status, fit.Points, fit.M, fit.SeriesVersion));
        Assert.Equal(family.CumulativeDerivatives, answer.Series.Months.Select(m => m.CumulativeDerivatives));
        if (!expected.IsFitted)
        {
            Assert.Null(fit.Parameters);
            Assert.Null(fit.RSquared);
            Assert.Empty(fit.Forecast.Points);
            return;
        }
        Assert.Equal(expected.Parameters, fit.Parameters);
        Assert.Equal(expected.StandardErrors, fit.StandardErrors);
        Assert.Equal(forecast.StandardErrors, fit.BootstrapStandardErrors);
        Assert.Equal(expected.RSquared, fit.RSquared!.Value, 1e-12);
        Assert.Equal(expected.Rmse, fit.Rmse!.Value, 1e-9);
        Assert.Equal(expected.ParametersAtBound.Contains("lambda") ? null : expected.Ultimate, fit.Ultimate);
        AssertSameForecast(forecast, fit.Forecast.Points);
        Assert.Equal(new OutlierDetector().Detect(family.Series, expected), fit.Outliers);
    }

    [Fact]
    public async Task The_fit_and_its_forecast_name_the_observation_date_and_the_forecast_starts_the_month_after_it()
    {
        const string Llama = "meta-llama/Llama-2-7b";

        var answer = await service.GetAsync<FitWithSeries>($"/fits/{Llama}");
        var forecast = await service.GetAsync<FamilyForecast>($"/fits/{Llama}/forecast?horizon=3");

        Assert.Equal((SeriesEvents.SnapshotObservedOn, SeriesEvents.SnapshotObservedOn, SeriesEvents.SnapshotObservedOn),
            (answer.Series.ObservedOn, answer.Fit.ObservedOn, forecast.ObservedOn));
        // The series runs through April 2025 (month 22: three months without a new derivative after January), the forecast from May.
        Assert.Equal((new DateOnly(2025, 4, 1), 22), (answer.Series.Months[^1].Month, answer.Fit.LastMonthIndex));
        Assert.Equal(23, answer.Fit.Forecast.Points[0].MonthIndex);
        Assert.Equal([23, 24, 25], forecast.Forecast.Points.Select(p => p.MonthIndex));
    }

    [Fact]
    public async Task A_fit_with_lambda_on_its_bound_answers_at_bound_naming_it_and_an_unreliable_forecast()
    {
        using var response = await service.Http.GetAsync("/fits/google/gemma-7b");
        var fit = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("fit");
        var list = await service.GetAsync<FitPage>("/fits?author=google");

        Assert.Equal("AtBound", fit.GetProperty("status").GetString());
        Assert.Equal(["lambda"], fit.GetProperty("parametersAtBound").EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith("λ at its upper bound 20", fit.GetProperty("detail").GetString());
        Assert.Equal("AtBound", fit.GetProperty("forecast").GetProperty("status").GetString());
        Assert.StartsWith("unreliable:", fit.GetProperty("forecast").GetProperty("detail").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, fit.GetProperty("ultimate").ValueKind);
        Assert.Equal(FitStatus.AtBound, Assert.Single(list.Items).Status);
        var llama = await service.GetAsync<FitWithSeries>("/fits/meta-llama/Llama-2-7b");
        Assert.Equal(FitStatus.Fitted, llama.Fit.Status);
    }

    [Fact]
    public async Task A_forecast_for_another_horizon_is_recomputed_with_its_band()
    {
        var family = RealSeries.Families.Single(f => f.FamilyId == "meta-llama/Llama-2-7b-chat-hf");

        var six = await service.GetAsync<FamilyForecast>($"/fits/{family.FamilyId}/forecast?horizon=6");
        var stored = await service.GetAsync<FamilyForecast>($"/fits/{family.FamilyId}/forecast");

        Assert.Equal(6, six.Forecast.HorizonMonths);
        AssertSameForecast(RealFamiliesService.Forecast(family, 6), six.Forecast.Points);
        Assert.Equal(12, stored.Forecast.Points.Count);
        Assert.Equal(23, six.Forecast.Points[0].MonthIndex);
    }

    [Fact]
    public async Task An_unfittable_family_has_a_status_and_no_forecast_rather_than_an_error()
    {
        var scout = await service.GetAsync<FamilyForecast>("/fits/meta-llama/Llama-4-Scout-17B-16E/forecast?horizon=3");

        Assert.Equal(FitStatus.NotEnoughData, scout.Forecast.Status);
        Assert.Empty(scout.Forecast.Points);
    }

    [Theory]
    [InlineData("META-LLAMA/LLAMA-2-7B-CHAT-HF")]
    [InlineData("Meta-Llama/llama-2-7b-Chat-HF")]
    public async Task A_family_is_found_by_any_spelling_of_its_id_and_answered_with_the_stored_one(string asked)
    {
        const string Stored = "meta-llama/Llama-2-7b-chat-hf";

        var fit = await service.GetAsync<FitWithSeries>($"/fits/{asked}");
        var forecast = await service.GetAsync<FamilyForecast>($"/fits/{asked}/forecast?horizon=6");
        var series = await service.GetAsync<FamilyAdoptionChanged>($"/series/{asked}");

        Assert.Equal((Stored, Stored, Stored, Stored), (fit.Fit.FamilyId, fit.Series.FamilyId, forecast.FamilyId, series.FamilyId));
        Assert.Equal(await service.Http.GetStringAsync($"/fits/{Stored}"), await service.Http.GetStringAsync($"/fits/{asked}"));
        Assert.Equal(6, forecast.Forecast.HorizonMonths);
        using var other = await service.Http.GetAsync($"/fits/{asked}x");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Theory]
    [InlineData("/fits/meta-llama/no-such-model", 404)]
    [InlineData("/fits/no-such-model", 404)]
    [InlineData("/fits/meta-llama/no-such-model/forecast", 404)]
    [InlineData("/fits/google/gemma-7b/forecast?horizon=0", 400)]
    [InlineData("/fits/google/gemma-7b/forecast?horizon=61", 400)]
    [InlineData("/fits/google/gemma-7b/forecast?horizon=soon", 400)]
    [InlineData("/fits?sort=popularity", 400)]
    [InlineData("/fits?sort=lambda&order=up", 400)]
    [InlineData("/fits?limit=0", 400)]
    [InlineData("/fits?offset=-1", 400)]
    [InlineData("/skill?k=0", 400)]
    [InlineData("/skill?k=25", 400)]
    [InlineData("/skill?k=three", 400)]
    [InlineData("/fits?limit=many", 400)]
    public async Task A_bad_request_gets_problem_details(string path, int status)
    {
        using var response = await service.Http.GetAsync(path);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(status, problem!.Status);
    }

    [Fact]
    public async Task The_list_sorts_by_a_parameter_with_unfitted_families_last_and_pages()
    {
        var byLambda = RealSeries.Families
            .Select(f => (f.FamilyId, Fit: RealFamiliesService.Fit(f)))
            .OrderBy(f => f.Fit.IsFitted ? 0 : 1).ThenByDescending(f => f.Fit.Parameters?.Lambda).ThenBy(f => f.FamilyId, StringComparer.Ordinal)
            .Select(f => f.FamilyId).ToList();

        var all = await service.GetAsync<FitPage>("/fits?sort=lambda&order=desc");
        var page = await service.GetAsync<FitPage>("/fits?sort=lambda&order=desc&offset=1&limit=2");
        var meta = await service.GetAsync<FitPage>("/fits?author=META-LLAMA&sort=r2&order=asc");

        Assert.Equal(byLambda, all.Items.Select(i => i.FamilyId));
        Assert.Equal(6, page.Total);
        Assert.Equal(byLambda.Skip(1).Take(2), page.Items.Select(i => i.FamilyId));
        Assert.Equal(3, meta.Total);
        Assert.Equal(["meta-llama/Llama-2-7b-chat-hf", "meta-llama/Llama-2-7b", "meta-llama/Llama-4-Scout-17B-16E"], meta.Items.Select(i => i.FamilyId));
    }

    [Fact]
    public async Task Outliers_are_the_families_and_months_the_domain_flags()
    {
        var expected = RealSeries.Families
            .Select(f => (f.FamilyId, Outliers: new OutlierDetector().Detect(f.Series, RealFamiliesService.Fit(f))))
            .Where(f => f.Outliers.Count > 0).OrderBy(f => f.FamilyId, StringComparer.Ordinal).ToList();

        var outliers = await service.GetAsync<List<OutlierFamily>>("/outliers");

        Assert.Equal(expected.Select(e => e.FamilyId), outliers.Select(o => o.FamilyId));
        Assert.Equal(expected.SelectMany(e => e.Outliers), outliers.SelectMany(o => o.Outliers));
        Assert.Contains(outliers, o => o.FamilyId == "google/gemma-7b" && o.Outliers.Any(x => x is { Kind: OutlierKind.AbruptJump, MonthIndex: 12 }));
    }

    [Fact]
    public async Task Organisations_are_compared_as_the_domain_compares_them()
    {
        var expected = OrganisationComparer.Compare(RealSeries.Families.Select(f => (f.Author, RealFamiliesService.Fit(f))));

        var organisations = await service.GetAsync<List<OrganisationSummary>>("/organizations");

        Assert.Equal(expected, organisations);
        Assert.Equal((3, 2), organisations.Where(o => o.Author == "meta-llama").Select(o => (o.Families, o.FamiliesSummarised)).Single());
    }

    [Fact]
    public async Task Skill_is_the_backtest_against_both_baselines_over_all_families()
    {
        var expected = new ForecastBacktest().Run(RealSeries.Families.Select(f => new FamilySeries(f.FamilyId, f.Author, f.Series)), RealFamiliesService.M, 3);

        var skill = await service.GetAsync<SkillView>("/skill?k=3");

        Assert.Equal((3, RealFamiliesService.M, expected.FamiliesScored), (skill.HeldOutMonths, skill.M, skill.FamiliesScored));
        Assert.Equal(expected.Wsb!.MeanAbsoluteError, skill.Wsb!.MeanAbsoluteError, 1e-9);
        Assert.Equal(expected.LinearTrend!.MeanAbsoluteError, skill.LinearTrend!.MeanAbsoluteError, 1e-9);
        Assert.Equal(expected.LastGrowth!.MeanAbsoluteError, skill.LastGrowth!.MeanAbsoluteError, 1e-9);
        Assert.Equal((expected.WsbBeatsLinearTrend, expected.WsbBeatsLastGrowth), (skill.WsbBeatsLinearTrend, skill.WsbBeatsLastGrowth));
        Assert.Equal(6, skill.Families.Count);
    }

    static void AssertSameForecast(AdoptionForecast expected, IReadOnlyList<Storage.ForecastMonth> actual)
    {
        Assert.Equal(expected.Points.Select(p => p.MonthIndex), actual.Select(p => p.MonthIndex));
        foreach (var (e, a) in expected.Points.Zip(actual))
        {
            Assert.Equal(e.Expected, a.Expected, 1e-9);
            Assert.Equal(e.Lower95, a.Lower95!.Value, 1e-9);
            Assert.Equal(e.Upper95, a.Upper95!.Value, 1e-9);
        }
    }
}
