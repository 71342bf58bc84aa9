using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Lineage.Tests.Service;
using OpenAccess.Lineage.Tests.Support;
using OpenAccess.Testing;

namespace OpenAccess.Lineage.Tests.Leaderboard;

/// <summary>The population parameter through the HTTP API, on the rows of <see cref="LeaderboardSlice"/> published on the bus.</summary>
public sealed class LeaderboardStatsApiTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new();
    HttpClient http = null!;

    public async ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        foreach (var row in LeaderboardSlice.V1Rows.Concat(LeaderboardSlice.V2Rows)) await factory.Bus.Publish(row);
        foreach (var (population, rows) in new[] { ("leaderboard-v1", 15), ("leaderboard-v2", 9) })
            await Eventually.Get(() => http.GetFromJsonAsync<JsonElement>($"/stats/summary?population={population}"),
                s => s.GetProperty("rows").GetInt32() == rows, $"the {rows} rows of {population}", 30);
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    static double?[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (double?)null : Math.Round(e.GetDouble(), 6)).ToArray();

    [Fact]
    public async Task Gain_by_size_answers_for_each_leaderboard_population()
    {
        var v1 = await http.GetFromJsonAsync<JsonElement>("/stats/benchmark-deltas?population=leaderboard-v1");
        Assert.Equal([null, 13.08, 5.79, null, null, null, null], Numbers(v1.GetProperty("groupMeanDelta")));
        Assert.Equal([1, 3, 1, 0, 0, 0, 0], v1.GetProperty("derivedRows").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0, 2, 1, 0, 0, 0, 0], v1.GetProperty("pretrainedRows").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(JsonValueKind.Null, v1.GetProperty("meanAverageDelta").ValueKind);

        var v2 = await http.GetFromJsonAsync<JsonElement>("/stats/benchmark-deltas?population=leaderboard-v2");
        Assert.Equal([-1.92425, null, null, 2.2831, null, null, null], Numbers(v2.GetProperty("groupMeanDelta")));
        Assert.Equal([-5.0575, null, null, 2.2831, null, null, null], Numbers(v2.GetProperty("meanAverageDelta")));
        Assert.Equal("IFEval", v2.GetProperty("groupBenchmarks")[0].GetProperty("benchmark").GetString());

        var summary = await http.GetFromJsonAsync<JsonElement>("/stats/summary?population=leaderboard-v1");
        Assert.Equal((13, 2, 3, 2), (summary.GetProperty("models").GetInt32(), summary.GetProperty("duplicates").GetInt32(),
            summary.GetProperty("unknownType").GetInt32(), summary.GetProperty("unknownSize").GetInt32()));
    }

    [Fact]
    public async Task Every_route_takes_the_population_and_the_hub_stays_the_default()
    {
        var types = await http.GetFromJsonAsync<JsonElement>("/stats/new-models?population=leaderboard-v2");
        Assert.Equal(["pretrained", "continuously-pretrained", "fine-tuned", "chat", "merge", "unknown"],
            types.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var concentration = await http.GetFromJsonAsync<JsonElement>("/stats/concentration?population=leaderboard-v2&topK=1");
        Assert.Equal(0.8, concentration.GetProperty("topKShare").EnumerateArray().Last().GetDouble(), 9);
        var authors = await http.GetFromJsonAsync<JsonElement>("/stats/authors?population=leaderboard-v2&period=month");
        Assert.Equal(6, authors.GetProperty("totalAuthors").EnumerateArray().Last().GetInt32());
        var owners = await http.GetFromJsonAsync<JsonElement>("/stats/repositories-per-author?population=leaderboard-v2");
        Assert.Equal([5, 1], owners.GetProperty("authors").EnumerateArray().Select(e => e.GetInt32()));
        var architectures = await http.GetFromJsonAsync<JsonElement>("/stats/architectures?population=leaderboard-v2&top=1");
        Assert.Equal(["PhiForCausalLM", "other"], architectures.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        // No Hub model was published: the Hub population is empty, as before, whatever the leaderboard holds.
        var hub = await http.GetFromJsonAsync<JsonElement>("/stats/summary");
        Assert.Equal(0, hub.GetProperty("models").GetInt32());
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/stats/new-models")).GetProperty("weeks").GetArrayLength());
    }

    [Fact]
    public async Task New_models_per_quarter_answer_the_quarters_as_periods()
    {
        var quarters = await http.GetFromJsonAsync<JsonElement>("/stats/new-models?population=leaderboard-v1&period=quarter");

        Assert.Equal("Quarter", quarters.GetProperty("period").GetString());
        Assert.Equal(["2023-07-01", "2023-10-01", "2024-01-01", "2024-04-01"], quarters.GetProperty("periods").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(JsonValueKind.Null, quarters.GetProperty("weeks").ValueKind);
        var merges = quarters.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "merge");
        Assert.Equal([0, 0, 1, 0], merges.GetProperty("values").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Theory]
    [InlineData("/stats/concentration?population=leaderboard-v1", "'population' leaderboard-v1 means nothing for concentration")]
    [InlineData("/stats/new-models?population=leaderboard-v1&family=huggyllama/llama-13b", "means nothing for 'family'")]
    [InlineData("/stats/benchmark-deltas?population=leaderboard-v1&leaderboard=v2", "'leaderboard' v2 contradicts 'population' leaderboard-v1")]
    [InlineData("/stats/authors?population=arena", "'population' must be one of hub, leaderboard-v1, leaderboard-v2")]
    [InlineData("/stats/new-models?population=leaderboard-v1&period=year", "'period' must be one of week, month, quarter, not 'year'")]
    public async Task A_statistic_that_means_nothing_for_the_population_is_a_400_naming_it(string url, string message)
    {
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
