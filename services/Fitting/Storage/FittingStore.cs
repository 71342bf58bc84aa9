using MongoDB.Driver;
using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Fitting.Storage;

/// <summary>
/// The service's collections in its one database (one store, so one readiness check). A family is read by its base model's id
/// in any spelling (<see cref="IDocumentCollection{T}.GetAnyCaseAsync"/>), as Lineage reads a model.
/// </summary>
public sealed class FittingStore(
    IDocumentCollection<FamilyAdoptionChanged> series,
    IDocumentCollection<FamilyFit> fits,
    IDocumentCollection<SharedMValue> sharedM) : IServiceStore
{
    /// <summary>Id of the one document in <see cref="SharedM"/>.</summary>
    public const string CurrentM = "current";

    public IDocumentCollection<FamilyAdoptionChanged> Series => series;
    public IDocumentCollection<FamilyFit> Fits => fits;
    public IDocumentCollection<SharedMValue> SharedM => sharedM;

    public Task PingAsync(CancellationToken cancellationToken) => series.PingAsync(cancellationToken);

    // The read and the write of a family's series are one step: two versions of a family consumed at once (the endpoint takes up
    // to its prefetch together) would otherwise both pass the version check, and the older could be written last.
    readonly SemaphoreSlim seriesGate = new(1, 1);

    /// <summary>
    /// Stores <paramref name="incoming"/> unless the family's stored series is of a later version; false when it is older and
    /// was not stored. Serialised within the process, which is the one writer of a SQLite store; several replicas on one
    /// MongoDB database can still interleave (docs/faults.md).
    /// </summary>
    public async Task<bool> KeepSeriesUnlessOlderAsync(FamilyAdoptionChanged incoming, CancellationToken cancellationToken)
    {
        await seriesGate.WaitAsync(cancellationToken);
        try
        {
            if (await series.GetAsync(incoming.FamilyId, cancellationToken) is { } stored && stored.SeriesVersion > incoming.SeriesVersion)
            {
                return false;
            }

            await series.UpsertAsync(incoming.FamilyId, incoming, cancellationToken);
            return true;
        }
        finally
        {
            seriesGate.Release();
        }
    }

    public static FittingStore Sqlite(SqliteDatabase db) => new(
        new SqliteDocumentCollection<FamilyAdoptionChanged>(db, "series", anyCase: true),
        new SqliteDocumentCollection<FamilyFit>(db, "fits", anyCase: true),
        new SqliteDocumentCollection<SharedMValue>(db, "shared_m"));

    public static FittingStore Mongo(IMongoDatabase db) => new(
        new MongoDocumentCollection<FamilyAdoptionChanged>(db, "series", anyCase: true),
        new MongoDocumentCollection<FamilyFit>(db, "fits", anyCase: true),
        new MongoDocumentCollection<SharedMValue>(db, "shared_m"));
}
