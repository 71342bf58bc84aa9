using System.Collections.Concurrent;
using MassTransit;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Consumers;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>
/// Models are consumed in batches, one store write a batch: a message whose processing keeps throwing must not take its batch
/// with it. It goes to the endpoint's <c>_error</c> queue after the retries, with the reason in its headers; the rest of its
/// batch is stored.
/// </summary>
public sealed class PoisonMessageTests : IAsyncLifetime
{
    const string Poison = "poison/model";
    const string ErrorQueue = "lineage-model-discovered_error";

    readonly InMemoryServiceFactory<ModelDiscoveredConsumer> factory = new(new Dictionary<string, string?>
    {
        // One batch for all six messages, and quick retries.
        ["OpenAccess:Bus:BatchMessageLimit"] = "6",
        ["OpenAccess:Bus:BatchTimeLimitMilliseconds"] = "1000",
        ["OpenAccess:Bus:RetryLimit"] = "2",
        ["OpenAccess:Bus:RetryMinMilliseconds"] = "10",
        ["OpenAccess:Bus:RetryMaxMilliseconds"] = "20",
    });

    WebApplicationFactory<ModelDiscoveredConsumer> host = null!;

    public ValueTask InitializeAsync()
    {
        host = factory.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            var store = services.Last(d => d.ServiceType == typeof(IDocumentCollection<StoredModel>));
            services.AddSingleton<IDocumentCollection<StoredModel>>(sp => new FailsToStore((IDocumentCollection<StoredModel>)store.ImplementationFactory!(sp)));
        }));
        host.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task A_message_that_keeps_failing_goes_to_error_with_its_reason_and_the_rest_of_its_batch_is_stored()
    {
        var bus = host.Services.GetRequiredService<IBus>();
        var errors = new ConcurrentQueue<(string Id, string? Reason)>();
        var listening = bus.ConnectReceiveEndpoint(ErrorQueue, e =>
        {
            e.ConfigureConsumeTopology = false; // only what is moved to the error queue, not every ModelDiscovered published
            e.Handler<ModelDiscovered>(c =>
            {
                errors.Enqueue((c.Message.Id, c.ReceiveContext.TransportHeaders.Get<string>(MessageHeaders.FaultMessage) ?? c.Headers.Get<string>(MessageHeaders.FaultMessage)));
                return Task.CompletedTask;
            });
        });
        await listening.Ready;

        var good = Enumerable.Range(1, 5).Select(i => $"good/model-{i}").ToList();
        foreach (var model in good.Take(2).Append(Poison).Concat(good.Skip(2)))
        {
            await bus.Publish(new ModelDiscovered { Id = model, Author = model.Split('/')[0], Sha = $"sha-{model}", LastModified = DateTimeOffset.UnixEpoch.AddYears(54) });
        }

        var models = host.Services.GetRequiredService<IDocumentCollection<StoredModel>>();
        var stored = await Eventually.Get(() => models.GetManyAsync(good, default), s => s.Count == good.Count, "the five good models stored", 30);
        var error = await Eventually.Get(() => Task.FromResult(errors.ToList()), e => e.Count > 0, "the poison message in " + ErrorQueue, 30);

        Assert.Equal(good.Order(), stored.Keys.Order());
        var (id, reason) = Assert.Single(error);
        Assert.Equal(Poison, id);
        Assert.Contains("the disk refuses " + Poison, reason);
        Assert.Null(await models.GetAsync(Poison, default));
    }

    /// <summary>The store of the service, refusing any write that holds the poison model, as a disk error would.</summary>
    sealed class FailsToStore(IDocumentCollection<StoredModel> inner) : IDocumentCollection<StoredModel>
    {
        public Task<IReadOnlyList<string>> UpsertManyAsync(IReadOnlyList<(string Id, StoredModel Document)> documents, CancellationToken cancellationToken) =>
            documents.Any(d => d.Id == Poison) ? throw new IOException("the disk refuses " + Poison) : inner.UpsertManyAsync(documents, cancellationToken);

        public Task<bool> UpsertAsync(string id, StoredModel document, CancellationToken cancellationToken) =>
            id == Poison ? throw new IOException("the disk refuses " + Poison) : inner.UpsertAsync(id, document, cancellationToken);

        public Task<StoredModel?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public Task<IReadOnlyDictionary<string, StoredModel>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => inner.GetManyAsync(ids, cancellationToken);

        public Task<IReadOnlyDictionary<string, string?>> GetFieldManyAsync(IReadOnlyCollection<string> ids, string field, CancellationToken cancellationToken) =>
            inner.GetFieldManyAsync(ids, field, cancellationToken);

        public Task<IReadOnlyList<StoredModel>> FindByKeyAsync(string key, int offset, int limit, CancellationToken cancellationToken) => inner.FindByKeyAsync(key, offset, limit, cancellationToken);

        public Task<long> CountByKeyAsync(string key, CancellationToken cancellationToken) => inner.CountByKeyAsync(key, cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);

        public IAsyncEnumerable<StoredModel> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
    }
}
