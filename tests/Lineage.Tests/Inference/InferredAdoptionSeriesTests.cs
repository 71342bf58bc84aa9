using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Tests.Service;
using OpenAccess.Testing;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>
/// FamilyAdoptionChanged and inferred links (<c>OpenAccess:Lineage:Inference:AdoptionSeries</c>): off by default, a recovered
/// parent leaves the published series as the tags make it; on, a recovery run that adds a derivative to a family publishes the
/// family again, so the Fitting worker refits.
/// </summary>
public sealed class InferredAdoptionSeriesTests
{
    static readonly DateTimeOffset Release = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    static ModelDiscovered Hub(string id, int days, params string[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], Sha = "sha" + days, CreatedAt = Release.AddDays(days), LastModified = Release.AddDays(days), ModelType = "gemma",
        BaseModels = [.. parents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune))],
    };

    static Task<ConcurrentQueue<FamilyAdoptionChanged>> SubscribeAsync(InMemoryLineageFactory factory) =>
        factory.Bus.CollectAsync<FamilyAdoptionChanged>("test-inferred-adoption-subscriber");

    static List<FamilyAdoptionChanged> Gemma(ConcurrentQueue<FamilyAdoptionChanged> received) => [.. received.Where(e => e.FamilyId == "google/gemma-7b")];

    /// <summary>The family with its declared fine-tune published, then a quantization that declares nothing, its inferred parent found.</summary>
    static async Task<(HttpClient Http, ConcurrentQueue<FamilyAdoptionChanged> Received)> RecoverAsync(InMemoryLineageFactory factory)
    {
        var http = factory.CreateClient();
        var received = await SubscribeAsync(factory);
        await factory.Bus.PublishModels(Hub("google/gemma-7b", 0));
        await factory.Bus.PublishModels(Hub("google/gemma-7b-it", 40, "google/gemma-7b"));
        await Eventually.Get(() => Task.FromResult(Gemma(received)), e => e.Count > 0, "gemma-7b's declared series", 30);

        await factory.Bus.PublishModels(Hub("someone/google-gemma-7b-GGUF", 70));
        await Eventually.Get(async () =>
        {
            using var response = await http.GetAsync("/models/someone/google-gemma-7b-GGUF?links=inferred"); // a 404 until it arrives
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("parents").GetArrayLength() : 0;
        }, parents => parents == 1, "the quantization's inferred parent", 30);
        return (http, received);
    }

    [Fact]
    public async Task Off_by_default_a_recovered_parent_leaves_the_published_series_as_the_tags_make_it()
    {
        await using var factory = InferredLinkStatisticsTests.Factory();
        var (http, received) = await RecoverAsync(factory);
        // The family with the link is there to be asked for, and several sweeps have passed since.
        await Eventually.Get(async () => await http.GetFromJsonAsync<JsonElement>("/families/google/gemma-7b?links=inferred"),
            f => f.GetProperty("derivatives").GetInt32() == 2, "the family with its inferred quantization", 30);
        await Task.Delay(2000);

        Assert.All(Gemma(received), e => Assert.Equal(1, e.Months[^1].CumulativeDerivatives));
    }

    [Fact]
    public async Task On_a_recovery_that_adds_a_derivative_publishes_the_family_again_with_it()
    {
        await using var factory = InferredLinkStatisticsTests.Factory(("AdoptionSeries", "true"));
        var (_, received) = await RecoverAsync(factory);

        var events = await Eventually.Get(() => Task.FromResult(Gemma(received)), e => e.Any(m => m.Months[^1].CumulativeDerivatives == 2),
            "gemma-7b's series with the inferred quantization", 30);
        var first = events[0];
        var latest = events[^1];
        Assert.Equal(1, first.Months[^1].CumulativeDerivatives);
        Assert.Equal(2, latest.Months[^1].CumulativeDerivatives);
        Assert.True(latest.SeriesVersion > first.SeriesVersion);
        // Released 2024-03, the declared fine-tune in month 2, the inferred quantization in month 3.
        Assert.Equal([0, 1, 2], latest.Months.Select(m => m.CumulativeDerivatives));
    }
}
