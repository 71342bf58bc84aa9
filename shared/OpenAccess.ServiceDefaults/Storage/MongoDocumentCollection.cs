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
    readonly bool anyCase;

    /// <summary>Compares ids as <see cref="GetAnyCaseAsync"/> does: case is ignored (strength 2), accents are not.</summary>
    static readonly Collation AnyCase = new("en", strength: CollationStrength.Secondary);

    /// <summary>With <paramref name="anyCase"/>, the ids are also indexed ignoring case (an index on <c>_id</c> with that collation), for <see cref="GetAnyCaseAsync"/>.</summary>
    public MongoDocumentCollection(IMongoDatabase database, string name, Func<T, IEnumerable<string>>? keys = null, bool anyCase = false)
    {
        this.database = database;
        collection = database.GetCollection<BsonDocument>(name);
        this.keys = keys ?? (_ => []);
        this.anyCase = anyCase;
        collection.Indexes.CreateOne(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("keys").Ascending("_id")));
        if (anyCase)
        {
            try
            {
                collection.Indexes.CreateOne(new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("_id"),
                    new CreateIndexOptions { Name = "_id_any_case", Collation = AnyCase }));
            }
            catch (MongoCommandException)
            {
                // A server that refuses a second index on _id still answers the lookup, by a scan: slower, never wrong, and no
                // reason to keep the service from starting.
            }
        }
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        database.PingAsync(cancellationToken);

    public async Task<bool> UpsertAsync(string id, T document, CancellationToken cancellationToken)
    {
        var serialized = SerializedDocument<T>.Of(id, document);
        var hash = serialized.Hash();
        try
        {
            var result = await collection.UpdateOneAsync(Filter(id, hash), Update(serialized, hash), new UpdateOptions { IsUpsert = true }, cancellationToken);
            return result.ModifiedCount > 0 || result.UpsertedId is not null;
        }
        catch (MongoWriteException e) when (e.WriteError?.Code == DuplicateKey)
        {
            return false; // the id exists with the same hash: the filter missed and the upsert collided
        }
    }

    /// <remarks>
    /// The stored hashes are read first, in one query, and only the documents that differ are written, in one unordered bulk
    /// write whose filters still skip an equal hash: so the answer says which ids changed (a bulk write counts changes but does
    /// not name them), and a writer racing this one still never rewrites an equal document.
    /// </remarks>
    public Task<IReadOnlyList<string>> UpsertManyAsync(IReadOnlyList<(string Id, T Document)> documents, CancellationToken cancellationToken) =>
        UpsertManySerializedAsync([.. SqliteDocumentCollection<T>.LastOfEachId(documents, d => d.Id).Select(d => SerializedDocument<T>.Of(d.Id, d.Document))], cancellationToken);

    /// <inheritdoc cref="UpsertManyAsync"/>
    public async Task<IReadOnlyList<string>> UpsertManySerializedAsync(IReadOnlyList<SerializedDocument<T>> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0) return [];
        var unique = SqliteDocumentCollection<T>.LastOfEachId(documents, d => d.Id).ToList();
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        var ids = new BsonArray(unique.Select(d => d.Id));
        using (var cursor = await collection.Find(Builders<BsonDocument>.Filter.In("_id", ids))
            .Project(Builders<BsonDocument>.Projection.Include("hash")).ToCursorAsync(cancellationToken))
        {
            while (await cursor.MoveNextAsync(cancellationToken))
            {
                foreach (var found in cursor.Current) stored[found["_id"].AsString] = found["hash"].AsString;
            }
        }

        var changed = new List<string>();
        var writes = new List<WriteModel<BsonDocument>>();
        foreach (var document in unique)
        {
            var hash = document.Hash();
            if (stored.TryGetValue(document.Id, out var known) && known == hash) continue;
            changed.Add(document.Id);
            writes.Add(new UpdateOneModel<BsonDocument>(Filter(document.Id, hash), Update(document, hash)) { IsUpsert = true });
        }

        if (writes.Count == 0) return changed;
        try
        {
            await collection.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        }
        catch (MongoBulkWriteException e) when (e.WriteErrors.All(w => w.Code == DuplicateKey) && e.WriteConcernError is null)
        {
            // An id another writer stored with the same hash in between: the filter missed and the upsert collided, as in UpsertAsync.
        }

        return changed;
    }

    public async Task<IReadOnlyDictionary<string, T>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, T>(ids.Count, StringComparer.Ordinal);
        if (ids.Count == 0) return found;
        using var cursor = await collection.Find(Builders<BsonDocument>.Filter.In("_id", new BsonArray(ids))).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current) found[document["_id"].AsString] = Read(document);
        }

        return found;
    }

    public async Task<IReadOnlyDictionary<string, string?[]>> GetFieldsManyAsync(IReadOnlyCollection<string> ids, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        if (fields.Count == 0) throw new ArgumentException("no field to read", nameof(fields));
        var names = fields.Select(DocumentJson.FieldName).ToList();
        var found = new Dictionary<string, string?[]>(ids.Count, StringComparer.Ordinal);
        if (ids.Count == 0) return found;
        var projection = Builders<BsonDocument>.Projection.Combine(names.Select(n => Builders<BsonDocument>.Projection.Include("doc." + n)));
        using var cursor = await collection.Find(Builders<BsonDocument>.Filter.In("_id", new BsonArray(ids)))
            .Project(projection).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                var doc = document.GetValue("doc", BsonNull.Value) as BsonDocument;
                found[document["_id"].AsString] = [.. names.Select(name => doc?.GetValue(name, BsonNull.Value) is { IsBsonNull: false } value
                    ? value.IsString ? value.AsString : value.ToString()
                    : null)];
            }
        }

        return found;
    }

    static FilterDefinition<BsonDocument> Filter(string id, string hash) =>
        Builders<BsonDocument>.Filter.Eq("_id", id) & Builders<BsonDocument>.Filter.Ne("hash", hash);

    UpdateDefinition<BsonDocument> Update(SerializedDocument<T> document, string hash) => Builders<BsonDocument>.Update
        .Set("hash", hash)
        .Set("keys", new BsonArray(keys(document.Document).Distinct()))
        .Set("doc", BsonDocument.Parse(System.Text.Encoding.UTF8.GetString(document.Json)));

    public async Task<T?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var found = await collection.Find(Builders<BsonDocument>.Filter.Eq("_id", id)).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : Read(found);
    }

    public async Task<T?> GetAnyCaseAsync(string id, CancellationToken cancellationToken)
    {
        if (!anyCase) throw new NotSupportedException($"collection '{collection.CollectionNamespace.CollectionName}' was not made with anyCase");
        var found = await collection.Find(Builders<BsonDocument>.Filter.Eq("_id", id), new FindOptions { Collation = AnyCase })
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id")).Limit(2).ToListAsync(cancellationToken);
        // The exact spelling first should two spellings be stored.
        var best = found.FirstOrDefault(d => d["_id"].AsString == id) ?? found.FirstOrDefault();
        return best is null ? null : Read(best);
    }

    public async Task<IReadOnlyList<T>> FindByKeyAsync(string key, int offset, int limit, CancellationToken cancellationToken)
    {
        var found = await collection.Find(Builders<BsonDocument>.Filter.Eq("keys", key))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id")).Skip(offset).Limit(limit).ToListAsync(cancellationToken);
        return found.Select(Read).ToList();
    }

    public async Task<IReadOnlyList<T>> FindByKeysAsync(IReadOnlyCollection<string> keys, int limit, CancellationToken cancellationToken)
    {
        if (keys.Count == 0 || limit <= 0) return [];
        // $in on the multikey index of keys: a document under two of the keys matches once.
        var found = await collection.Find(Builders<BsonDocument>.Filter.In("keys", new BsonArray(keys)))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id")).Limit(limit).ToListAsync(cancellationToken);
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
