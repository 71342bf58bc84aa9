using Microsoft.Data.Sqlite;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Benchmarks;

/// <summary>
/// The baseline's store: the collection of today for every read (unchanged this session), and for its batch write the write of
/// session 11 (main at 99ce117) as it was, so both sides run in one process on one store layout: each document serialized to
/// a string, that string encoded to UTF-8 again to be hashed and once more by the binding, and the keys table cleared for
/// every changed document, keys or none.
/// </summary>
public sealed class Session11Writes<T>(SqliteDatabase database, string table, IDocumentCollection<T> today, Func<T, IEnumerable<string>>? keys = null)
    : IDocumentCollection<T> where T : class
{
    readonly Func<T, IEnumerable<string>> keys = keys ?? (_ => []);

    public Task<IReadOnlyList<string>> UpsertManyAsync(IReadOnlyList<(string Id, T Document)> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0) return Task.FromResult<IReadOnlyList<string>>([]);
        var changed = new List<string>();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var write = connection.CreateCommand();
        write.CommandText = $"""
            INSERT INTO {table} (id, hash, doc) VALUES ($id, $hash, $doc)
            ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, doc = excluded.doc WHERE hash <> excluded.hash
            """;
        write.Parameters.Add("$id", SqliteType.Text);
        write.Parameters.Add("$hash", SqliteType.Text);
        write.Parameters.Add("$doc", SqliteType.Text);
        using var clear = connection.CreateCommand();
        clear.CommandText = $"DELETE FROM {table}_keys WHERE id = $id";
        clear.Parameters.Add("$id", SqliteType.Text);
        using var add = connection.CreateCommand();
        add.CommandText = $"INSERT OR IGNORE INTO {table}_keys (key, id) VALUES ($key, $id)";
        add.Parameters.Add("$key", SqliteType.Text);
        add.Parameters.Add("$id", SqliteType.Text);
        var last = new Dictionary<string, T>(documents.Count, StringComparer.Ordinal);
        foreach (var (id, document) in documents) last[id] = document;
        foreach (var (id, document) in last)
        {
            var json = DocumentJson.Serialize(document);
            write.Parameters[0].Value = id;
            write.Parameters[1].Value = DocumentJson.Hash(json);
            write.Parameters[2].Value = json;
            if (write.ExecuteNonQuery() == 0) continue;
            changed.Add(id);
            clear.Parameters[0].Value = id;
            clear.ExecuteNonQuery();
            add.Parameters[1].Value = id;
            foreach (var key in keys(document))
            {
                add.Parameters[0].Value = key;
                add.ExecuteNonQuery();
            }
        }

        transaction.Commit();
        return Task.FromResult<IReadOnlyList<string>>(changed);
    }

    public Task<bool> UpsertAsync(string id, T document, CancellationToken cancellationToken) => throw new NotSupportedException("the consumer writes in batches");
    public Task PingAsync(CancellationToken cancellationToken) => today.PingAsync(cancellationToken);
    public Task<T?> GetAsync(string id, CancellationToken cancellationToken) => today.GetAsync(id, cancellationToken);
    public Task<IReadOnlyDictionary<string, T>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => today.GetManyAsync(ids, cancellationToken);
    public Task<IReadOnlyDictionary<string, string?[]>> GetFieldsManyAsync(IReadOnlyCollection<string> ids, IReadOnlyList<string> fields, CancellationToken cancellationToken) => today.GetFieldsManyAsync(ids, fields, cancellationToken);
    public Task<IReadOnlyList<T>> FindByKeyAsync(string key, int offset, int limit, CancellationToken cancellationToken) => today.FindByKeyAsync(key, offset, limit, cancellationToken);
    public Task<IReadOnlyList<T>> FindByKeysAsync(IReadOnlyCollection<string> keys, int limit, CancellationToken cancellationToken) => today.FindByKeysAsync(keys, limit, cancellationToken);
    public Task<long> CountByKeyAsync(string key, CancellationToken cancellationToken) => today.CountByKeyAsync(key, cancellationToken);
    public Task<long> CountAsync(CancellationToken cancellationToken) => today.CountAsync(cancellationToken);
    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken) => today.ReadAllAsync(cancellationToken);
}
