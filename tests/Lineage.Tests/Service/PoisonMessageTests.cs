using OpenAccess.Testing;
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
/// Models come many to a message (<see cref="ModelsDiscovered"/>), one store write a message: a record whose processing throws
/// must not take its message with it. It goes alone to the endpoint's <c>_error</c> queue, with the reason in its headers; the
/// rest of its message is stored, and a message of the poison alone goes there after the retries.
/// </summary>
public sealed class PoisonMessageTests : IAsyncLifetime
{
    const string Poison = "poison/model";
    const string ErrorQueue = "lineage-models-discovered_error";

    readonly InMemoryServiceFactory<ModelsDiscoveredConsumer> factory = new(new Dictionary<string, string?>
    {
        // Quick retries.
        ["OpenAccess:Bus:RetryLimit"] = "2",
        ["OpenAccess:Bus:RetryMinMilliseconds"] = "10",
        ["OpenAccess:Bus:RetryMaxMilliseconds"] = "20",
    });

    WebApplicationFactory<ModelsDiscoveredConsumer> host = null!;

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
    public async Task A_record_that_fails_goes_to_error_alone_with_its_reason_and_the_rest_of_its_message_is_stored()
    {
        var bus = host.Services.GetRequiredService<IBus>();
        var errors = await ListenToErrorsAsync(bus);

        var good = Enumerable.Range(1, 5).Select(i => $"good/model-{i}").ToList();
        await bus.PublishModels([.. good.Take(2).Append(Poison).Concat(good.Skip(2)).Select(Model)]);

        var models = host.Services.GetRequiredService<IDocumentCollection<StoredModel>>();
        var stored = await Eventually.Get(() => models.GetManyAsync(good, default), s => s.Count == good.Count, "the five good models stored", 30);
        var error = await Eventually.Get(() => Task.FromResult(errors.ToList()), e => e.Count > 0, "the poison record in " + ErrorQueue, 30);

        Assert.Equal(good.Order(), stored.Keys.Order());
        var (ids, reason, retries) = Assert.Single(error);
        Assert.Equal([Poison], ids);
        Assert.Contains("the disk refuses " + Poison, reason);
        Assert.Null(retries); // set aside at once: the rest of its message went through, so the fault is the record's
        Assert.Null(await models.GetAsync(Poison, default));
    }

    [Fact]
    public async Task A_message_of_the_poison_alone_goes_to_error_after_the_retries()
    {
        var bus = host.Services.GetRequiredService<IBus>();
        var errors = await ListenToErrorsAsync(bus);

        await bus.PublishModels(Model(Poison));

        var error = await Eventually.Get(() => Task.FromResult(errors.ToList()), e => e.Count > 0, "the poison message in " + ErrorQueue, 30);
        var (ids, reason, retries) = Assert.Single(error);
        Assert.Equal([Poison], ids);
        Assert.Contains("the disk refuses " + Poison, reason);
        Assert.Equal(2, retries); // OpenAccess:Bus:RetryLimit: nothing of the message went through, which may be the store's fault
    }

    static ModelDiscovered Model(string id) => new() { Id = id, Author = id.Split('/')[0], Sha = $"sha-{id}", LastModified = DateTimeOffset.UnixEpoch.AddYears(54) };

    async Task<ConcurrentQueue<(string[] Ids, string? Reason, int? Retries)>> ListenToErrorsAsync(IBus bus)
    {
        var errors = new ConcurrentQueue<(string[], string?, int?)>();
        var listening = bus.ConnectReceiveEndpoint(ErrorQueue, e =>
        {
            e.ConfigureConsumeTopology = false; // only what is moved to the error queue, not every ModelsDiscovered published
            e.Handler<ModelsDiscovered>(c =>
            {
                errors.Enqueue(([.. c.Message.Models.Select(m => m.Model.Id)],
                    c.ReceiveContext.TransportHeaders.Get<string>(MessageHeaders.FaultMessage) ?? c.Headers.Get<string>(MessageHeaders.FaultMessage),
                    c.ReceiveContext.TransportHeaders.Get<int>(MessageHeaders.FaultRetryCount) ?? c.Headers.Get<int>(MessageHeaders.FaultRetryCount)));
                return Task.CompletedTask;
            });
        });
        await listening.Ready;
        return errors;
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

        public Task<IReadOnlyDictionary<string, string?[]>> GetFieldsManyAsync(IReadOnlyCollection<string> ids, IReadOnlyList<string> fields, CancellationToken cancellationToken) =>
            inner.GetFieldsManyAsync(ids, fields, cancellationToken);

        public Task<IReadOnlyList<StoredModel>> FindByKeyAsync(string key, int offset, int limit, CancellationToken cancellationToken) => inner.FindByKeyAsync(key, offset, limit, cancellationToken);

        public Task<IReadOnlyList<StoredModel>> FindByKeysAsync(IReadOnlyCollection<string> keys, int limit, CancellationToken cancellationToken) => inner.FindByKeysAsync(keys, limit, cancellationToken);

        public Task<long> CountByKeyAsync(string key, CancellationToken cancellationToken) => inner.CountByKeyAsync(key, cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);

        public IAsyncEnumerable<StoredModel> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);
    }
}
