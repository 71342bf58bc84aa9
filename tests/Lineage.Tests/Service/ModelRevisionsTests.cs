using OpenAccess.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Consumers;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>
/// The consumer checks an arriving revision, and carries the leaderboard's label over to it, from what the intake keeps
/// (<see cref="ModelRevisions"/>) instead of reading each message's records back from the store: the same answers, from
/// the bus, in a batch, after a restart and when a leaderboard result labels the model, and no read of the store.
/// </summary>
public sealed class ModelRevisionsTests : IAsyncLifetime
{
    static readonly DateTimeOffset T = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    readonly InMemoryLineageFactory factory = new();
    WebApplicationFactory<ModelsDiscoveredConsumer> host = null!;
    CountsReads store = null!;

    public ValueTask InitializeAsync()
    {
        host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            var inner = services.Last(d => d.ServiceType == typeof(IDocumentCollection<StoredModel>));
            services.AddSingleton<IDocumentCollection<StoredModel>>(sp => store = new CountsReads((IDocumentCollection<StoredModel>)inner.ImplementationFactory!(sp)));
        }));
        host.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await factory.DisposeAsync();
    }

    static ModelDiscovered Model(string id, DateTimeOffset modified, string? parent = null) => new()
    {
        Id = id, Author = id.Split('/')[0], Sha = $"sha-{modified:yyyyMMdd}", LastModified = modified, CreatedAt = T.AddDays(-10),
        BaseModels = parent is null ? [] : [new BaseModelLink(parent, BaseModelRelation.Finetune)],
    };

    Task<StoredModel> StoredAsync(string id, Func<StoredModel, bool> until, string what) =>
        Eventually.Get(async () => (await store.GetAsync(id, default))!, m => m is not null && until(m), what, 30);

    [Fact]
    public async Task Batches_are_consumed_without_reading_the_store()
    {
        var bus = host.Services.GetRequiredService<MassTransit.IBus>();
        await bus.PublishModels(Model("org/base", T), Model("someone/tune", T, "org/base"));
        await StoredAsync("someone/tune", _ => true, "the first batch stored");
        await bus.PublishModels(Model("someone/tune", T.AddDays(1), "org/base"), Model("someone/other", T));
        await StoredAsync("someone/other", _ => true, "the second batch stored");

        Assert.Equal(0, store.Reads);
    }

    [Fact]
    public async Task An_older_revision_later_in_the_same_batch_is_ignored()
    {
        var bus = host.Services.GetRequiredService<MassTransit.IBus>();
        await bus.PublishModels(Model("a/model", T.AddDays(2), "new/parent"), Model("a/model", T, "old/parent"), Model("z/marker", T));

        await StoredAsync("z/marker", _ => true, "the batch stored");
        var stored = await store.GetAsync("a/model", default);
        Assert.Equal((T.AddDays(2), "new/parent"), (stored!.LastModified, Assert.Single(stored.Parents).Id));
    }

    [Fact]
    public async Task A_leaderboard_label_is_kept_when_a_newer_revision_arrives_and_an_older_one_is_still_ignored()
    {
        var bus = host.Services.GetRequiredService<MassTransit.IBus>();
        await bus.PublishModels(Model("org/chat", T));
        await StoredAsync("org/chat", _ => true, "the model stored");
        await bus.Publish(new BenchmarkUpdated
        {
            ModelId = "ORG/Chat", Leaderboard = "open-llm-leaderboard", LeaderboardVersion = "v2", Precision = "bfloat16", ModelTypeLabel = "💬 chat models",
        });
        await StoredAsync("org/chat", m => m.LeaderboardTypeLabel is not null, "the label stored");

        await bus.PublishModels(Model("org/chat", T.AddDays(3), "org/base"));
        var newer = await StoredAsync("org/chat", m => m.LastModified == T.AddDays(3), "the newer revision stored");
        Assert.Equal("💬 chat models", newer.LeaderboardTypeLabel);

        await bus.PublishModels(Model("org/chat", T.AddDays(1)), Model("z/marker", T));
        await StoredAsync("z/marker", _ => true, "the marker stored");
        var kept = await store.GetAsync("org/chat", default);
        Assert.Equal((T.AddDays(3), "💬 chat models", "org/base"), (kept!.LastModified, kept.LeaderboardTypeLabel, Assert.Single(kept.Parents).Id));
    }

    [Fact]
    public async Task The_stored_revisions_and_labels_are_known_again_after_a_restart()
    {
        var models = host.Services.GetRequiredService<IDocumentCollection<StoredModel>>();
        var benchmarks = host.Services.GetRequiredService<IDocumentCollection<BenchmarkUpdated>>();
        await models.UpsertAsync("org/dated", new StoredModel { Id = "org/dated", Author = "org", LastModified = T, LeaderboardTypeLabel = "🔶 fine-tuned" }, default);
        await models.UpsertAsync("org/undated", new StoredModel { Id = "org/undated", Author = "org" }, default);

        var options = new LineageOptions();
        var state = new GraphState(options);
        var intake = new ModelIntake(state, options, TimeProvider.System, NullLogger<ModelIntake>.Instance);
        await new GraphLoader(state, intake, models, benchmarks, NullLogger<GraphLoader>.Instance).StartAsync(default);

        Assert.Equal(new ModelRevisions.Known(T, "🔶 fine-tuned"), intake.Revisions.Of(state.Graph.FindNode("ORG/DATED")));
        Assert.Equal(default, intake.Revisions.Of(state.Graph.FindNode("org/undated")));
        Assert.Equal(default, intake.Revisions.Of(state.Graph.FindNode("org/never-seen")));
    }

    /// <summary>The service's store, counting the reads of model records.</summary>
    sealed class CountsReads(IDocumentCollection<StoredModel> inner) : IDocumentCollection<StoredModel>
    {
        int reads;

        public int Reads => Volatile.Read(ref reads);

        public Task<IReadOnlyList<string>> UpsertManyAsync(IReadOnlyList<(string Id, StoredModel Document)> documents, CancellationToken cancellationToken) =>
            inner.UpsertManyAsync(documents, cancellationToken);

        public Task<bool> UpsertAsync(string id, StoredModel document, CancellationToken cancellationToken) => inner.UpsertAsync(id, document, cancellationToken);

        /// <summary>Not counted: the tests read the stored records with it.</summary>
        public Task<StoredModel?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyDictionary<string, StoredModel>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            return inner.GetManyAsync(ids, cancellationToken);
        }

        public Task<IReadOnlyDictionary<string, string?[]>> GetFieldsManyAsync(IReadOnlyCollection<string> ids, IReadOnlyList<string> fields, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            return inner.GetFieldsManyAsync(ids, fields, cancellationToken);
        }

        public Task<IReadOnlyList<StoredModel>> FindByKeyAsync(string key, int offset, int limit, CancellationToken cancellationToken) => inner.FindByKeyAsync(key, offset, limit, cancellationToken);

        public Task<IReadOnlyList<StoredModel>> FindByKeysAsync(IReadOnlyCollection<string> keys, int limit, CancellationToken cancellationToken) => inner.FindByKeysAsync(keys, limit, cancellationToken);

        public Task<long> CountByKeyAsync(string key, CancellationToken cancellationToken) => inner.CountByKeyAsync(key, cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);

        public IAsyncEnumerable<StoredModel> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
    }
}

public sealed class ModelRevisionsTableTests
{
    static readonly DateTimeOffset T = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_label_set_alone_leaves_the_revision_and_a_record_set_replaces_both()
    {
        var revisions = new ModelRevisions();
        revisions.Set(3, T.AddDays(2), null);
        revisions.SetLabel(3, "💬 chat models"); // the leaderboard labels the record it read, an older revision than the one applied since
        Assert.Equal(new ModelRevisions.Known(T.AddDays(2), "💬 chat models"), revisions.Of(3));

        revisions.Set(3, T.AddDays(5).ToOffset(TimeSpan.FromHours(2)), null);
        Assert.Equal(new ModelRevisions.Known(T.AddDays(5), null), revisions.Of(3));
    }

    [Fact]
    public void The_earliest_instant_is_a_revision_and_nodes_past_the_first_block_are_kept()
    {
        var revisions = new ModelRevisions();
        revisions.Set(0, DateTimeOffset.MinValue, null);
        revisions.Set(100_000, T, "🔶 fine-tuned");
        Assert.Equal(DateTimeOffset.MinValue, revisions.Of(0).LastModified);
        Assert.Equal(new ModelRevisions.Known(T, "🔶 fine-tuned"), revisions.Of(100_000));
        Assert.Equal(default, revisions.Of(99_999));
        Assert.Throws<ArgumentOutOfRangeException>(() => revisions.Set(-1, T, null));
    }
}
