using System.Runtime.CompilerServices;
using MongoDB.Bson;
using MongoDB.Driver;

namespace OpenAccess.ServiceDefaults.Storage;

/// <summary>
/// <see cref="IDocumentCollection{T}"/> on a MongoDB collection: <c>{ _id, hash, keys: [...], doc: {...} }</c>,
/// the document kept as the same JSON the SQLite store holds, so both stores answer alike.
/// </summary>
public sealed class MongoDocumentCollection<T> : IDocumentCollection<T> where T : class
{
    const int DuplicateKey = 11000;
    readonly IMongoDatabase database;
    readonly IMongoCollection<BsonDocument> collection;
    readonly Func<T, IEnumerable<string>> keys;

    public MongoDocumentCollection(IMongoDatabase database, string name, Func<T, IEnumerable<string>>? keys = null)
    {
        this.database = database;
        collection = database.GetCollection<BsonDocument>(name);
        this.keys = keys ?? (_ => []);
        collection.Indexes.CreateOne(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("keys").Ascending("_id")));
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        database.PingAsync(cancellationToken);

    public async Task<bool> UpsertAsync(string id, T document, CancellationToken cancellationToken)
    {
        var json = DocumentJson.Serialize(document);
        var hash = DocumentJson.Hash(json);
        var filter = Builders<BsonDocument>.Filter.Eq("_id", id) & Builders<BsonDocument>.Filter.Ne("hash", hash);
        var update = Builders<BsonDocument>.Update
            .Set("hash", hash)
            .Set("keys", new BsonArray(keys(document).Distinct()))
            .Set("doc", BsonDocument.Parse(json));
        try
        {
            var result = await collection.UpdateOneAsync(filter, update, new UpdateOptions { IsUpsert = true }, cancellationToken);
            return result.ModifiedCount > 0 || result.UpsertedId is not null;
        }
        catch (MongoWriteException e) when (e.WriteError?.Code == DuplicateKey)
        {
            return false; // the id exists with the same hash: the filter missed and the upsert collided
        }
    }

    public async Task<T?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await collection.Find(Builders<BsonDocument>.Filter.Eq("_id", id)).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : Read(found);
    }

    public async Task<IReadOnlyList<T>> FindByKeyAsync(string key, int offset, int limit, CancellationToken cancellationToken)
    {
        var found = await collection.Find(Builders<BsonDocument>.Filter.Eq("keys", key))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id")).Skip(offset).Limit(limit).ToListAsync(cancellationToken);
        return found.Select(Read).ToList();
    }

    public Task<long> CountByKeyAsync(string key, CancellationToken cancellationToken) =>
        collection.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("keys", key), cancellationToken: cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        collection.CountDocumentsAsync(FilterDefinition<BsonDocument>.Empty, cancellationToken: cancellationToken);

    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cursor = await collection.Find(FilterDefinition<BsonDocument>.Empty)
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id")).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                yield return Read(document);
            }
        }
    }

    static T Read(BsonDocument stored) =>
        DocumentJson.Deserialize<T>(stored["doc"].AsBsonDocument.ToJson(new MongoDB.Bson.IO.JsonWriterSettings { OutputMode = MongoDB.Bson.IO.JsonOutputMode.RelaxedExtendedJson }));
}
