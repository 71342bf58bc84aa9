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

    public static FittingStore Sqlite(SqliteDatabase db) => new(
        new SqliteDocumentCollection<FamilyAdoptionChanged>(db, "series", anyCase: true),
        new SqliteDocumentCollection<FamilyFit>(db, "fits", anyCase: true),
        new SqliteDocumentCollection<SharedMValue>(db, "shared_m"));

    public static FittingStore Mongo(IMongoDatabase db) => new(
        new MongoDocumentCollection<FamilyAdoptionChanged>(db, "series", anyCase: true),
        new MongoDocumentCollection<FamilyFit>(db, "fits", anyCase: true),
        new MongoDocumentCollection<SharedMValue>(db, "shared_m"));
}
