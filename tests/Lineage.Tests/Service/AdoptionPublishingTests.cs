using OpenAccess.Testing;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>FamilyAdoptionChanged as Fitting receives it: coalesced, whole series, nothing for a duplicate.</summary>
public sealed class AdoptionPublishingTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new();
    ConcurrentQueue<FamilyAdoptionChanged> received = null!;
    HttpClient http = null!;

    public async ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        received = await factory.Bus.CollectAsync<FamilyAdoptionChanged>("test-adoption-subscriber");
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    static ModelDiscovered Model(string id, DateTimeOffset created, params string[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], CreatedAt = created, LastModified = created, Sha = $"sha-{id}",
        BaseModels = parents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune)).ToList(),
    };

    [Fact]
    public async Task A_family_gets_one_event_with_its_whole_series_and_a_replay_publishes_nothing()
    {
        var release = new DateTimeOffset(2023, 7, 9, 7, 34, 35, TimeSpan.Zero);
        ModelDiscovered[] models =
        [
            Model("meta-llama/Llama-2-7b", release),
            Model("epfl-llm/meditron-7b", release.AddMonths(4), "meta-llama/Llama-2-7b"),
            Model("someone/meditron-tuned", release.AddMonths(6), "epfl-llm/meditron-7b"),
            Model("other/llama-tuned", release.AddMonths(6).AddDays(3), "meta-llama/Llama-2-7b"),
        ];
        foreach (var model in models) await factory.Bus.PublishModels(model);

        var family = await Eventually.Get(() => Task.FromResult(received.Where(e => e.FamilyId == "meta-llama/Llama-2-7b").ToList()), events => events.Count > 0, "Llama-2-7b's adoption series", 30);

        var only = Assert.Single(family);
        Assert.Equal(1, only.SeriesVersion);
        Assert.Equal(release, only.ReleasedAt);
        Assert.Equal(Enumerable.Range(1, 7), only.Months.Select(m => m.MonthIndex));
        Assert.Equal([0, 0, 0, 0, 1, 1, 3], only.Months.Select(m => m.CumulativeDerivatives));
        Assert.Equal(new DateOnly(2023, 7, 1), only.Months[0].Month);
        Assert.Equal(DateOnly.FromDateTime(release.AddMonths(6).AddDays(3).UtcDateTime), only.ObservedOn);

        foreach (var model in models) await factory.Bus.PublishModels(model);
        await Task.Delay(2000);
        Assert.Single(received, e => e.FamilyId == "meta-llama/Llama-2-7b");

        await factory.Bus.PublishModels(Model("late/derivative", release.AddMonths(6).AddDays(10), "someone/meditron-tuned"));
        var updated = await Eventually.Get(() => Task.FromResult(received.Where(e => e.FamilyId == "meta-llama/Llama-2-7b").ToList()), events => events.Count > 1, "Llama-2-7b's updated series", 30);
        Assert.Equal(2, updated[^1].SeriesVersion);
        Assert.Equal(4, updated[^1].Months[^1].CumulativeDerivatives);
        Assert.Equal(DateOnly.FromDateTime(release.AddMonths(6).AddDays(10).UtcDateTime), updated[^1].ObservedOn);
    }

    [Fact]
    public async Task A_family_series_runs_to_the_observation_date_in_the_event_and_the_api()
    {
        var release = new DateTimeOffset(2023, 7, 9, 7, 34, 35, TimeSpan.Zero);
        // The last derivative is of 2023-11; another family's base model was committed to on 2024-02-14.
        await factory.Bus.PublishModels(Model("meta-llama/Llama-2-7b", release));
        await factory.Bus.PublishModels(Model("epfl-llm/meditron-7b", release.AddMonths(4), "meta-llama/Llama-2-7b"));
        await factory.Bus.PublishModels(Model("microsoft/phi-2", release.AddMonths(5)) with { LastModified = new DateTimeOffset(2024, 2, 14, 12, 0, 0, TimeSpan.Zero) });

        var family = await Eventually.Get(() => Task.FromResult(received.Where(e => e.FamilyId == "meta-llama/Llama-2-7b" && e.ObservedOn == new DateOnly(2024, 2, 14)).ToList()),
            events => events.Count > 0, "Llama-2-7b's series observed on 2024-02-14", 30);

        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], family[^1].Months.Select(m => m.CumulativeDerivatives));
        Assert.Equal(new DateOnly(2024, 2, 1), family[^1].Months[^1].Month);
        var api = await http.GetFromJsonAsync<JsonElement>("/families/meta-llama/Llama-2-7b/adoption", TestContext.Current.CancellationToken);
        Assert.Equal("2024-02-14", api.GetProperty("observedOn").GetString());
        Assert.Equal(8, api.GetProperty("months").GetArrayLength());
    }

    [Fact]
    public async Task Graph_queries_answer_over_http_and_bad_parameters_get_problem_details()
    {
        var release = new DateTimeOffset(2024, 2, 8, 22, 36, 43, TimeSpan.Zero);
        await factory.Bus.PublishModels(Model("google/gemma-7b", release));
        await factory.Bus.PublishModels(Model("google/gemma-7b-it", release.AddDays(1), "google/gemma-7b"));
        await factory.Bus.PublishModels(Model("someone/gemma-chat", release.AddDays(30), "google/gemma-7b-it"));

        // A batch is consumed up to BatchTimeLimit after it is published: until then the model is a 404, which is waited out.
        var descendants = await Eventually.Get(async () =>
            {
                using var response = await http.GetAsync("/models/google/gemma-7b/descendants?sort=createdAt&descending=false");
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            },
            d => d.ValueKind == JsonValueKind.Object && d.GetProperty("totalMatching").GetInt32() == 2, "both of gemma-7b's descendants", 30);
        Assert.Equal(["google/gemma-7b-it", "someone/gemma-chat"], descendants.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal([1, 2], descendants.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("depth").GetInt32()));

        var ancestors = await http.GetFromJsonAsync<JsonElement>("/models/someone/gemma-chat/ancestors");
        Assert.False(ancestors.GetProperty("truncated").GetBoolean());
        Assert.Equal(["google/gemma-7b-it", "google/gemma-7b"],
            ancestors.GetProperty("paths")[0].GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        var families = await http.GetFromJsonAsync<JsonElement>("/families?limit=5");
        Assert.Equal(2, families.EnumerateArray().Single(f => f.GetProperty("familyId").GetString() == "google/gemma-7b").GetProperty("derivatives").GetInt32());

        var top = await http.GetFromJsonAsync<JsonElement>("/search?sort=downloads&limit=2");
        Assert.Equal(2, top.GetArrayLength());
        Assert.True(top[0].GetProperty("downloads").GetInt64() >= top[1].GetProperty("downloads").GetInt64());

        foreach (var bad in new[] { "/models/google/gemma-7b/descendants?limit=0", "/models/google/gemma-7b/descendants?relation=cousin",
                     "/models/google/gemma-7b/descendants?after=garbage", "/stats/authors?from=yesterday", "/stats/authors?period=decade", "/search",
                     "/search?sort=likes", "/search?sort=downloads&prefix=google", "/search?sort=newest&limit=0" })
        {
            using var response = await http.GetAsync(bad);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{bad} answered {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/families/nobody/nothing/adoption")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/stats/new-models?family=nobody/nothing")).StatusCode);
    }
}

public sealed class ModelBenchmarksTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new();
    HttpClient http = null!;

    public ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    static BenchmarkUpdated Scores(string model, double ifeval, double average) => new()
    {
        ModelId = model, Leaderboard = "open-llm-leaderboard", LeaderboardVersion = "v2", Precision = "bfloat16", Average = average,
        EvaluatedAt = new DateTimeOffset(2024, 8, 1, 0, 0, 0, TimeSpan.Zero),
        Scores = [new BenchmarkScore("IFEval", "inst_level_strict_acc", ifeval, ifeval)],
    };

    [Fact]
    public async Task A_model_shows_its_scores_next_to_its_nearest_scored_ancestor()
    {
        var t = new DateTimeOffset(2024, 7, 23, 0, 0, 0, TimeSpan.Zero);
        await factory.Bus.PublishModels(new ModelDiscovered { Id = "meta-llama/Llama-3.1-8B", Author = "meta-llama", CreatedAt = t, LastModified = t });
        await factory.Bus.PublishModels(new ModelDiscovered { Id = "x/unscored-mid", Author = "x", CreatedAt = t.AddDays(1), LastModified = t.AddDays(1),
            BaseModels = [new BaseModelLink("meta-llama/Llama-3.1-8B", BaseModelRelation.Finetune)] });
        await factory.Bus.PublishModels(new ModelDiscovered { Id = "y/scored-tune", Author = "y", CreatedAt = t.AddDays(2), LastModified = t.AddDays(2),
            BaseModels = [new BaseModelLink("x/unscored-mid", BaseModelRelation.Finetune)] });
        await factory.Bus.Publish(Scores("meta-llama/Llama-3.1-8B", 12.7, 13.9));
        await factory.Bus.Publish(Scores("y/scored-tune", 45.0, 20.5));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement answer;
        while (true)
        {
            using var response = await http.GetAsync("/models/y/scored-tune");
            answer = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
            if (answer.ValueKind == JsonValueKind.Object && answer.GetProperty("benchmarks").ValueKind == JsonValueKind.Object
                && answer.GetProperty("baseBenchmarks").ValueKind == JsonValueKind.Object) break;
            Assert.True(DateTime.UtcNow < deadline, "scores never showed");
            await Task.Delay(100);
        }

        Assert.Equal((45.0, 20.5), (answer.GetProperty("benchmarks").GetProperty("scores").GetProperty("IFEval").GetDouble(), answer.GetProperty("benchmarks").GetProperty("average").GetDouble()));
        Assert.Equal("meta-llama/Llama-3.1-8B", answer.GetProperty("baseBenchmarks").GetProperty("modelId").GetString());
        Assert.Equal(13.9, answer.GetProperty("baseBenchmarks").GetProperty("average").GetDouble());
    }
}
