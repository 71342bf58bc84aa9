using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Contracts;
using OpenAccess.Fitting.Apis;
using OpenAccess.Fitting.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>
/// Two versions of one family's series consumed at once, as the endpoint's prefetch allows: the newer must stay stored beside
/// its fit, whichever write comes last (docs/faults.md, "What was found" 2).
/// </summary>
public sealed class ConcurrentSeriesTests : IAsyncDisposable
{
    const string Family = "mistralai/Mistral-Small-24B-Base-2501";

    readonly InMemoryFittingFactory factory = new(InMemoryFittingFactory.FixedM);
    readonly string data = Directory.CreateTempSubdirectory("openaccess-fitting-race-").FullName;

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Two_versions_of_a_family_consumed_at_once_leave_the_newer_series_stored_with_its_fit()
    {
        var race = new InterleavedSeries(Family, older: 1);
        // Disposed with the factory it derives from.
        var service = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(_ =>
        {
            var store = FittingStore.Sqlite(new SqliteDatabase(Path.Combine(data, "fitting.db")));
            return new FittingStore(race.Over(store.Series), store.Fits, store.SharedM);
        })));
        var http = service.CreateClient();
        var bus = service.Services.GetRequiredService<MassTransit.IBus>();
        var probe = await BusProbe.AttachAsync(bus);

        await Task.WhenAll(
            bus.Publish(SeriesEvents.Counts(Family, 2, 3, 20, 54)),
            bus.Publish(SeriesEvents.Counts(Family, 1, 1, 2)));
        await probe.ConsumedAsync(2);

        var fit = (await http.GetFromJsonAsync<FitWithSeries>($"/fits/{Family}", RealFamiliesService.Json))!;
        Assert.Equal((2L, 2L, 3), (fit.Fit.SeriesVersion, fit.Series.SeriesVersion, fit.Series.Months.Count));
    }

    /// <summary>
    /// Lets the two consumptions interleave the way the race needs when nothing keeps them apart: each read of the family's
    /// series waits (up to a time limit) until the other has read too, and the older version's write waits until the newer's
    /// is done. Code that serialises the read and the write of a series waits out the limits instead, and must still end right.
    /// </summary>
    sealed class InterleavedSeries(string family, long older)
    {
        static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);
        readonly TaskCompletionSource bothRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource newerWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);
        int reads;

        public IDocumentCollection<FamilyAdoptionChanged> Over(IDocumentCollection<FamilyAdoptionChanged> inner) => new Collection(this, inner);

        async Task BeforeReadAsync(string id)
        {
            if (id != family) return;
            if (Interlocked.Increment(ref reads) == 2) bothRead.TrySetResult();
            await Task.WhenAny(bothRead.Task, Task.Delay(Limit));
        }

        async Task BeforeWriteAsync(FamilyAdoptionChanged series)
        {
            if (series.FamilyId == family && series.SeriesVersion == older) await Task.WhenAny(newerWritten.Task, Task.Delay(Limit));
        }

        void AfterWrite(FamilyAdoptionChanged series)
        {
            if (series.FamilyId == family && series.SeriesVersion > older) newerWritten.TrySetResult();
        }

        sealed class Collection(InterleavedSeries race, IDocumentCollection<FamilyAdoptionChanged> inner) : IDocumentCollection<FamilyAdoptionChanged>
        {
            public Task PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

            public async Task<FamilyAdoptionChanged?> GetAsync(string id, CancellationToken cancellationToken)
            {
                await race.BeforeReadAsync(id);
                return await inner.GetAsync(id, cancellationToken);
            }

            public async Task<bool> UpsertAsync(string id, FamilyAdoptionChanged document, CancellationToken cancellationToken)
            {
                await race.BeforeWriteAsync(document);
                var changed = await inner.UpsertAsync(id, document, cancellationToken);
                race.AfterWrite(document);
                return changed;
            }

            public Task<IReadOnlyList<string>> UpsertManyAsync(IReadOnlyList<(string Id, FamilyAdoptionChanged Document)> documents, CancellationToken cancellationToken) =>
                inner.UpsertManyAsync(documents, cancellationToken);

            public Task<IReadOnlyDictionary<string, FamilyAdoptionChanged>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
                inner.GetManyAsync(ids, cancellationToken);

            public Task<IReadOnlyDictionary<string, string?[]>> GetFieldsManyAsync(IReadOnlyCollection<string> ids, IReadOnlyList<string> fields, CancellationToken cancellationToken) =>
                inner.GetFieldsManyAsync(ids, fields, cancellationToken);

            public Task<IReadOnlyList<FamilyAdoptionChanged>> FindByKeyAsync(string key, int offset, int limit, CancellationToken cancellationToken) =>
                inner.FindByKeyAsync(key, offset, limit, cancellationToken);

            public Task<IReadOnlyList<FamilyAdoptionChanged>> FindByKeysAsync(IReadOnlyCollection<string> keys, int limit, CancellationToken cancellationToken) =>
                inner.FindByKeysAsync(keys, limit, cancellationToken);

            public Task<long> CountByKeyAsync(string key, CancellationToken cancellationToken) => inner.CountByKeyAsync(key, cancellationToken);

            public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);

            public IAsyncEnumerable<FamilyAdoptionChanged> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);
        }
    }
}
