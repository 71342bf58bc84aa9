using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Consumers;
using OpenAccess.Lineage.Graph;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>
/// A <see cref="FamilyAdoptionChanged"/> publish whose confirm never comes, as one in flight when the broker drops the connection
/// (docs/faults.md, "What was found" 6): the sweep gives up after <c>AdoptionPublishTimeout</c>, keeps the family changed, and the
/// next sweep publishes it. Before, the sweep waited for good and no family was published again. The sweeps are made by the test
/// (an interval of an hour), so what is published when is known.
/// </summary>
public sealed class AdoptionPublishTimeoutTests : IAsyncLifetime
{
    const string Family = "meta-llama/Llama-2-7b";
    static readonly DateTimeOffset Release = new(2023, 7, 9, 7, 34, 35, TimeSpan.Zero);

    readonly InMemoryServiceFactory<ModelsDiscoveredConsumer> factory = new(new Dictionary<string, string?>
    {
        ["OpenAccess:Lineage:AdoptionInterval"] = "01:00:00",
        ["OpenAccess:Lineage:AdoptionPublishTimeout"] = "00:00:01",
    });

    ConcurrentQueue<FamilyAdoptionChanged> received = null!;
    HttpClient http = null!;

    public async ValueTask InitializeAsync()
    {
        http = factory.CreateClient();
        received = await factory.Bus.CollectAsync<FamilyAdoptionChanged>("test-adoption-subscriber");
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    /// <param name="honoursToken">
    /// Whether the held publish ends when its token is cancelled. After a broker restart in CI one did not end at the deadline's
    /// token (tests/Faults.Tests' BrokerRestartTests: no sweep published again, docs/faults.md found 7), so the sweep must not
    /// rely on it.
    /// </param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_publish_never_confirmed_fails_its_sweep_and_the_next_sweep_publishes_the_family(bool honoursToken)
    {
        var ct = TestContext.Current.CancellationToken;
        var publisher = factory.Services.GetRequiredService<AdoptionPublisher>();
        var lost = new LostConfirms(honoursToken);
        using var observer = factory.Bus.ConnectPublishObserver(lost);
        await factory.Bus.PublishModels(Model(Family, Release));
        await factory.Bus.PublishModels(Model("epfl-llm/meditron-7b", Release.AddMonths(4), Family));
        await factory.Bus.PublishModels(Model("other/llama-tuned", Release.AddMonths(6), Family));
        await Eventually.Get(DerivativesAsync, n => n == 2, "both derivatives in Lineage's series", 30);

        // Far longer than the timeout: a sweep that waits for the lost confirm fails the test here instead of hanging it.
        var failed = await publisher.SweepAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(0, failed);
        Assert.Equal(1, lost.Held);

        lost.Stop();
        var sent = await publisher.SweepAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(1, sent);
        var series = await Eventually.Get(() => Task.FromResult(received.Where(e => e.FamilyId == Family).ToList()), l => l.Count > 0, "the family's series", 30);
        var only = Assert.Single(series);
        Assert.Equal(2, only.SeriesVersion); // version 1 was taken by the publish that was never confirmed: a gap, never two contents under one
        Assert.Equal([0, 0, 0, 0, 1, 1, 2], only.Months.Select(m => m.CumulativeDerivatives));
    }

    /// <summary>
    /// Holds every <see cref="FamilyAdoptionChanged"/> publish until its caller gives up, as RabbitMQ.Client does with a publish
    /// whose confirm was lost with its connection (rabbitmq-dotnet-client#1930): the publish ends only when its token is cancelled,
    /// or, one that does not honour its token, when <see cref="Stop"/> fails it as by its connection's loss.
    /// </summary>
    sealed class LostConfirms(bool honoursToken) : IPublishObserver
    {
        readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int held;
        volatile bool stopped;

        public int Held => held;

        public void Stop()
        {
            stopped = true;
            released.TrySetException(new InvalidOperationException("The connection the publish was sent on is gone"));
        }

        public async Task PrePublish<T>(PublishContext<T> context) where T : class
        {
            if (stopped || context.Message is not FamilyAdoptionChanged) return;
            Interlocked.Increment(ref held);
            if (honoursToken) await Task.Delay(Timeout.Infinite, context.CancellationToken);
            else await released.Task;
        }

        public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }

    static ModelDiscovered Model(string id, DateTimeOffset created, params string[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], CreatedAt = created, LastModified = created, Sha = $"sha-{id}",
        BaseModels = parents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune)).ToList(),
    };

    async Task<int> DerivativesAsync()
    {
        using var response = await http.GetAsync($"/families/{Family}/adoption");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("months").EnumerateArray().Last().GetProperty("cumulativeDerivatives").GetInt32()
            : 0;
    }
}
