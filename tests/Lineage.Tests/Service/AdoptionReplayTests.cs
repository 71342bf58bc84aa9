using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Consumers;
using OpenAccess.Lineage.Graph;
using OpenAccess.ServiceDefaults.Messaging.Replay;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>
/// What Lineage replays of <see cref="FamilyAdoptionChanged"/>: each family's last published series, the same event under the
/// same id, and not a series that changed since it was published (the next sweep publishes that one, and then it is replayed).
/// The sweeps are made by the test (an interval of an hour), so what is published when is known.
/// </summary>
public sealed class AdoptionReplayTests : IAsyncLifetime
{
    const string Family = "meta-llama/Llama-2-7b";
    static readonly DateTimeOffset Release = new(2023, 7, 9, 7, 34, 35, TimeSpan.Zero);
    readonly InMemoryServiceFactory<ModelsDiscoveredConsumer> factory = new(new Dictionary<string, string?> { ["OpenAccess:Lineage:AdoptionInterval"] = "01:00:00" });
    ConcurrentQueue<ConsumeContext<FamilyAdoptionChanged>> received = null!;
    HttpClient http = null!;

    public async ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        received = await factory.Bus.CollectContextsAsync<FamilyAdoptionChanged>("test-adoption-subscriber");
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task A_replay_is_the_last_published_series_under_its_id_and_leaves_out_one_changed_since()
    {
        var publisher = factory.Services.GetRequiredService<AdoptionPublisher>();
        var source = factory.Services.GetServices<IReplaySource>().Single(s => s.EventType == nameof(FamilyAdoptionChanged));
        await PublishAsync(Model(Family, Release), Model("epfl-llm/meditron-7b", Release.AddMonths(4), Family));
        await WaitForDerivativesAsync(1);
        await publisher.SweepAsync(TestContext.Current.CancellationToken);
        var original = await Eventually.Get(() => Task.FromResult(received.Where(c => c.Message.FamilyId == Family).ToList()), l => l.Count > 0, "the published series", 30);

        var replayed = Assert.Single(await ReadAsync(source));
        Assert.Equal(original.Single().MessageId, replayed.MessageId);
        Assert.Equal(JsonSerializer.Serialize(original.Single().Message), JsonSerializer.Serialize(replayed.Message));

        await PublishAsync(Model("other/llama-tuned", Release.AddMonths(6), Family));
        await WaitForDerivativesAsync(2);
        Assert.Empty(await ReadAsync(source)); // changed and not yet published: not what subscribers were sent
        Assert.Equal(1, await source.CountAsync(TestContext.Current.CancellationToken));

        await publisher.SweepAsync(TestContext.Current.CancellationToken);
        var second = Assert.Single(await ReadAsync(source));
        Assert.Equal(AdoptionPublisher.MessageId(Family, 2), second.MessageId);
        Assert.Equal((2L, 2), (((FamilyAdoptionChanged)second.Message).SeriesVersion, ((FamilyAdoptionChanged)second.Message).Months[^1].CumulativeDerivatives));
        var published = await Eventually.Get(() => Task.FromResult(received.Where(c => c.Message.FamilyId == Family).ToList()), l => l.Count > 1, "the second series", 30);
        Assert.Equal(published[^1].MessageId, second.MessageId);
    }

    static ModelDiscovered Model(string id, DateTimeOffset created, params string[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], CreatedAt = created, LastModified = created, Sha = $"sha-{id}",
        BaseModels = parents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune)).ToList(),
    };

    async Task PublishAsync(params ModelDiscovered[] models)
    {
        foreach (var model in models) await factory.Bus.PublishModels(model);
    }

    Task WaitForDerivativesAsync(int count) => Eventually.Get(async () =>
        {
            using var response = await http.GetAsync($"/families/{Family}/adoption");
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("months").EnumerateArray().Last().GetProperty("cumulativeDerivatives").GetInt32() : 0;
        }, n => n == count, $"{count} derivatives of {Family} in the graph", 30);

    static async Task<List<ReplayMessage>> ReadAsync(IReplaySource source)
    {
        var messages = new List<ReplayMessage>();
        await foreach (var message in source.ReadAsync(TestContext.Current.CancellationToken)) messages.Add(message);
        return messages;
    }
}
