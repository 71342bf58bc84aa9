using OpenAccess.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Tests.Service;

/// <summary>The cost-per-benchmark-point view: a model's hardware price and yearly energy divided by its leaderboard average.</summary>
public sealed class BenchmarkCostsApiTests : EvaluatorApiTest
{
    static BenchmarkUpdated Result(double average, DateTimeOffset evaluated) => new()
    {
        ModelId = ModelEvents.Llama8BId, Leaderboard = "open-llm-leaderboard", LeaderboardVersion = "v2", Precision = "bfloat16",
        Average = average, EvaluatedAt = evaluated, Scores = [new BenchmarkScore("IFEval", "inst_level_strict_acc", 12.7, 12.7)],
    };

    [Fact]
    public async Task Capex_and_energy_per_point_divide_the_profiles_figures_by_the_latest_average()
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        var t = new DateTimeOffset(2024, 7, 23, 0, 0, 0, TimeSpan.Zero);
        await factory.Bus.Publish(Result(13.0, t.AddDays(10)));
        await factory.Bus.Publish(Result(99.0, t)); // an older evaluation arriving late changes nothing

        var rows = await Eventually.Get(async () => await http.GetFromJsonAsync<JsonElement>("/benchmark-costs?leaderboard=v2&precision=bf16"),
            r => r.GetArrayLength() == 1 && r[0].GetProperty("averagePoints").GetDouble() == 13.0, "one benchmark-cost row of 13 points", 30);

        var profile = (await http.GetFromJsonAsync<JsonElement>("/models/meta-llama/Llama-3.1-8B")).GetProperty("profile");
        var bf16 = profile.GetProperty("resourcing").EnumerateArray().Single(r => r.GetProperty("precision").GetString() == "Bf16");
        var capex = bf16.GetProperty("capexUsd").GetDecimal();
        var energy = bf16.GetProperty("energyPerYear").EnumerateArray().Single(e => e.GetProperty("regionId").GetString() == "us-average")
            .GetProperty("cost").GetProperty("cost").GetDecimal();
        var row = rows[0];
        Assert.Equal(25_000m, capex);
        Assert.Equal(capex / 13m, row.GetProperty("capexUsdPerPoint").GetDecimal());
        Assert.Equal(energy / 13m, row.GetProperty("energyUsdPerYearPerPoint").GetDecimal());
        Assert.Equal(1, row.GetProperty("gpus").GetInt32());
        Assert.Empty(await http.GetFromJsonAsync<JsonElement[]>("/benchmark-costs?leaderboard=v1") ?? []);
    }

    [Theory]
    [InlineData(1e-300)]   // was a 500: (decimal)1e-300 is 0, and capex ÷ 0 throws
    [InlineData(1e300)]    // was a 500: beyond decimal
    [InlineData(100.5)]
    public async Task An_average_outside_0_01_to_100_points_is_left_out_rather_than_divided_by(double average)
    {
        await factory.Bus.PublishModels(ModelEvents.Llama8B());
        await bus.HandledAsync(ModelEvents.Llama8BId, 1);
        await factory.Bus.Publish(Result(average, new DateTimeOffset(2024, 7, 23, 0, 0, 0, TimeSpan.Zero)));

        var stored = factory.Services.GetRequiredService<IDocumentCollection<BenchmarkUpdated>>();
        await Eventually.Get(() => stored.FindByKeyAsync("leaderboard:v2", 0, 10, default), r => r.Count == 1, "the stored result", 30);
        using var response = await http.GetAsync("/benchmark-costs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadFromJsonAsync<JsonElement[]>() ?? []);
    }

    [Theory]
    [InlineData("/benchmark-costs?leaderboard=v3", "'leaderboard' must be v1 or v2")]
    [InlineData("/benchmark-costs?leaderboard=v9", "'leaderboard' must be v1 or v2, not 'v9'")]
    [InlineData("/benchmark-costs?leaderboard=v1&leaderboard=v2", "'leaderboard' must be v1 or v2")]
    [InlineData("/benchmark-costs?precision=fp12", "'precision' must be one of fp32, bf16, fp16, fp8, int8, int4")]
    [InlineData("/benchmark-costs?precision=1", "'precision' must be one of")]
    [InlineData("/benchmark-costs?precision=bf16,fp32", "'precision' must be one of")]
    [InlineData("/benchmark-costs?limit=0", "'limit' must be a whole number from 1 to 1000")]
    [InlineData("/benchmark-costs?limit=1e9", "'limit' must be a whole number from 1 to 1000, not '1e9'")]
    [InlineData("/benchmark-costs?limit=-5", "'limit' must be a whole number from 1 to 1000")]
    [InlineData("/benchmark-costs?limit=99999999999999999999", "'limit' must be a whole number from 1 to 1000")]
    [InlineData("/compare", "Give the models to compare")]
    [InlineData("/compare?ids=a/1,a/2,a/3,a/4,a/5,a/6,a/7,a/8,a/9,a/10,a/11", "at most 10")]
    public async Task Bad_parameters_get_problem_details_naming_the_parameter_and_what_it_accepts(string path, string reason)
    {
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
