using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using OpenAccess.ServiceDefaults.Telemetry;

namespace OpenAccess.ServiceDefaults.Storage;

/// <summary><see cref="IDocumentCollection{T}"/> on a table <c>{name}</c> (id, hash, doc) and <c>{name}_keys</c> (key, id).</summary>
public sealed class SqliteDocumentCollection<T> : IDocumentCollection<T> where T : class
{
    readonly SqliteDatabase database;
    readonly string table;
    readonly Func<T, IEnumerable<string>>? keys;
    readonly bool anyCase;
    // A collection without lookup keys (the Evaluator's profiles) never has rows in its keys table: a write skips that table.
    bool HasKeys => keys is not null;

    /// <summary>With <paramref name="anyCase"/>, the ids are also indexed ignoring ASCII case, for <see cref="GetAnyCaseAsync"/> (made on a file that has no such index yet).</summary>
    public SqliteDocumentCollection(SqliteDatabase database, string name, Func<T, IEnumerable<string>>? keys = null, bool anyCase = false)
    {
        if (!name.All(c => char.IsAsciiLetterLower(c) || c == '_'))
        {
            throw new ArgumentException($"collection name '{name}' must be lower-case letters and underscores", nameof(name));
        }

        this.database = database;
        table = name;
        this.keys = keys;
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS {table} (id TEXT PRIMARY KEY, hash TEXT NOT NULL, doc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS {table}_keys (key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS {table}_keys_id ON {table}_keys (id);
            """);
        MoveOutOfWithoutRowid(connection);
        this.anyCase = anyCase;
        if (anyCase)
        {
            SqliteDatabase.Execute(connection, $"CREATE INDEX IF NOT EXISTS {table}_id_any_case ON {table} (id COLLATE NOCASE);");
        }
    }

    /// <summary>
    /// Files written before kept the documents in a WITHOUT ROWID table, whose b-tree holds each whole document in its
    /// key order: with documents of 0.5–6 KB (a Lineage model, an access profile) a few fit a page, every insert at a random
    /// id splits pages of whole documents, and an upsert cost 60–160 µs of CPU against 16–35 µs in a rowid table that
    /// indexes only the ids (docs/pipeline.md, "After batching and the store changes"). Their rows move once, in one transaction.
    /// </summary>
    void MoveOutOfWithoutRowid(SqliteConnection connection)
    {
        using var probe = connection.CreateCommand();
        probe.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $name";
        probe.Parameters.AddWithValue("$name", table);
        if (probe.ExecuteScalar() is not string sql || !sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase)) return;
        using var transaction = connection.BeginTransaction();
        SqliteDatabase.Execute(connection, $"""
            ALTER TABLE {table} RENAME TO {table}_without_rowid;
            CREATE TABLE {table} (id TEXT PRIMARY KEY, hash TEXT NOT NULL, doc TEXT NOT NULL);
            INSERT INTO {table} (id, hash, doc) SELECT id, hash, doc FROM {table}_without_rowid ORDER BY id;
            DROP TABLE {table}_without_rowid;
            """);
        transaction.Commit();
    }

    public Task PingAsync(CancellationToken cancellationToken) => database.PingAsync();

    public Task<bool> UpsertAsync(string id, T document, CancellationToken cancellationToken)
    {
        using var operation = StoreTelemetry.Start("sqlite", "upsert", table);
        var serialized = SerializedDocument<T>.Of(id, document);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var writer = new Writer(connection, table, HasKeys);
        var changed = writer.Write(serialized.Id, serialized.Json, serialized.Hash(), Keys(document));
        transaction.Commit();
        return Task.FromResult(changed);
    }

    // Each document serialized as it is written, not all first: a batch's bytes are garbage one at a time, not all alive at once.
    public Task<IReadOnlyList<string>> UpsertManyAsync(IReadOnlyList<(string Id, T Document)> documents, CancellationToken cancellationToken) =>
        Task.FromResult(WriteMany(documents.Count, LastOfEachId(documents, d => d.Id).Select(d => SerializedDocument<T>.Of(d.Id, d.Document))));

    public Task<IReadOnlyList<string>> UpsertManySerializedAsync(IReadOnlyList<SerializedDocument<T>> documents, CancellationToken cancellationToken) =>
        Task.FromResult(WriteMany(documents.Count, LastOfEachId(documents, d => d.Id)));

    IReadOnlyList<string> WriteMany(int count, IEnumerable<SerializedDocument<T>> documents)
    {
        if (count == 0) return [];
        using var operation = StoreTelemetry.Start("sqlite", "upsert", table);
        var changed = new List<string>();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        using var writer = new Writer(connection, table, HasKeys);
        foreach (var document in documents)
        {
            if (writer.Write(document.Id, document.Json, document.Hash(), Keys(document.Document))) changed.Add(document.Id);
        }

        transaction.Commit();
        return changed;
    }

    IEnumerable<string> Keys(T document) => keys?.Invoke(document) ?? [];

    /// <summary>An id given twice keeps its last document, at the place of its first.</summary>
    internal static IEnumerable<TItem> LastOfEachId<TItem>(IReadOnlyList<TItem> documents, Func<TItem, string> id)
    {
        var last = new Dictionary<string, TItem>(documents.Count, StringComparer.Ordinal);
        foreach (var document in documents) last[id(document)] = document;
        return last.Count == documents.Count ? documents : last.Values;
    }

    /// <summary>
    /// The statements of a write, prepared once and reused for every document of a transaction. A document whose hash equals the
    /// stored one's is not rewritten, and its lookup keys are left as they are.
    /// </summary>
    /// <remarks>
    /// The document goes in as its UTF-8 bytes, made text by SQLite (<c>CAST AS TEXT</c>, a copy in a UTF-8 database): bound as a
    /// .NET string it was made a string for the purpose and encoded to UTF-8 again by the binding. It is stored as text, as before,
    /// so <c>json_extract</c> reads it as JSON and files written before read the same.
    /// </remarks>
    sealed class Writer : IDisposable
    {
        readonly SqliteCommand write;
        readonly SqliteCommand? clear;
        readonly SqliteCommand? add;

        public Writer(SqliteConnection connection, string table, bool hasKeys)
        {
            write = connection.CreateCommand();
            write.CommandText = $"""
                INSERT INTO {table} (id, hash, doc) VALUES ($id, $hash, CAST($doc AS TEXT))
                ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, doc = excluded.doc WHERE hash <> excluded.hash
                """;
            write.Parameters.Add("$id", SqliteType.Text);
            write.Parameters.Add("$hash", SqliteType.Text);
            write.Parameters.Add("$doc", SqliteType.Blob);
            if (!hasKeys) return;
            clear = connection.CreateCommand();
            clear.CommandText = $"DELETE FROM {table}_keys WHERE id = $id";
            clear.Parameters.Add("$id", SqliteType.Text);
            add = connection.CreateCommand();
            add.CommandText = $"INSERT OR IGNORE INTO {table}_keys (key, id) VALUES ($key, $id)";
            add.Parameters.Add("$key", SqliteType.Text);
            add.Parameters.Add("$id", SqliteType.Text);
        }

        /// <summary>Writes one document; false when the stored one was identical.</summary>
        public bool Write(string id, byte[] json, string hash, IEnumerable<string> keys)
        {
            write.Parameters[0].Value = id;
            write.Parameters[1].Value = hash;
            write.Parameters[2].Value = json;
            if (write.ExecuteNonQuery() == 0)
            {
                return false;
            }

            if (clear is null || add is null) return true;
            clear.Parameters[0].Value = id;
            clear.ExecuteNonQuery();
            add.Parameters[1].Value = id;
            foreach (var key in keys)
            {
                add.Parameters[0].Value = key;
                add.ExecuteNonQuery();
            }

            return true;
        }

        public void Dispose()
        {
            write.Dispose();
            clear?.Dispose();
            add?.Dispose();
        }
    }

    public Task<T?> GetAsync(string id, CancellationToken cancellationToken)
    {
        using var operation = StoreTelemetry.Start("sqlite", "get", table);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT doc FROM {table} WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(command.ExecuteScalar() is string json ? DocumentJson.Deserialize<T>(json) : null);
    }

    public Task<T?> GetAnyCaseAsync(string id, CancellationToken cancellationToken)
    {
        if (!anyCase) throw new NotSupportedException($"collection '{table}' was not made with anyCase");
        using var operation = StoreTelemetry.Start("sqlite", "get", table);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // NOCASE folds ASCII letters only, as Hub ids are; the exact spelling first should two spellings be stored.
        command.CommandText = $"SELECT doc FROM {table} WHERE id = $id COLLATE NOCASE ORDER BY id = $id DESC, id LIMIT 1";
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(command.ExecuteScalar() is string json ? DocumentJson.Deserialize<T>(json) : null);
    }

    public Task<IReadOnlyDictionary<string, T>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, T>(ids.Count, StringComparer.Ordinal);
        if (ids.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, T>>(found);
        using var operation = StoreTelemetry.Start("sqlite", "get", table);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // One parameter whatever the number of ids: a JSON array SQLite opens itself, so no statement is built per batch size.
        command.CommandText = $"SELECT id, doc FROM {table} WHERE id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(ids));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            found[reader.GetString(0)] = DocumentJson.Deserialize<T>(reader.GetString(1));
        }

        return Task.FromResult<IReadOnlyDictionary<string, T>>(found);
    }

    public Task<IReadOnlyDictionary<string, string?[]>> GetFieldsManyAsync(IReadOnlyCollection<string> ids, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        if (fields.Count == 0) throw new ArgumentException("no field to read", nameof(fields));
        var paths = fields.Select(f => "$." + DocumentJson.FieldName(f)).ToList();
        var found = new Dictionary<string, string?[]>(ids.Count, StringComparer.Ordinal);
        if (ids.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, string?[]>>(found);
        using var operation = StoreTelemetry.Start("sqlite", "get", table);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // One json_extract a field in one statement: SQLite keeps the parse of a row's document for the next call on it.
        command.CommandText = $"SELECT id, {string.Join(", ", paths.Select((_, i) => $"json_extract(doc, $path{i})"))} FROM {table} WHERE id IN (SELECT value FROM json_each($ids))";
        for (var i = 0; i < paths.Count; i++) command.Parameters.AddWithValue($"$path{i}", paths[i]);
        command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(ids));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var values = new string?[paths.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i + 1) ? null : Convert.ToString(reader.GetValue(i + 1), System.Globalization.CultureInfo.InvariantCulture);
            }

            found[reader.GetString(0)] = values;
        }

        return Task.FromResult<IReadOnlyDictionary<string, string?[]>>(found);
    }

    public Task<IReadOnlyList<T>> FindByKeyAsync(string key, int offset, int limit, CancellationToken cancellationToken)
    {
        using var operation = StoreTelemetry.Start("sqlite", "find", table);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT d.doc FROM {table}_keys k JOIN {table} d ON d.id = k.id
            WHERE k.key = $key ORDER BY k.id LIMIT $limit OFFSET $offset
            """;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        return Task.FromResult<IReadOnlyList<T>>(ReadDocuments(command));
    }

    public Task<IReadOnlyList<T>> FindByKeysAsync(IReadOnlyCollection<string> keys, int limit, CancellationToken cancellationToken)
    {
        if (keys.Count == 0 || limit <= 0) return Task.FromResult<IReadOnlyList<T>>([]);
        using var operation = StoreTelemetry.Start("sqlite", "find", table);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        // The ids first, from the keys' index alone, then each document once: a document under two of the keys is read once.
        command.CommandText = $"""
            SELECT d.doc FROM {table} d
            WHERE d.id IN (SELECT k.id FROM {table}_keys k WHERE k.key IN (SELECT value FROM json_each($keys)))
            ORDER BY d.id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$keys", System.Text.Json.JsonSerializer.Serialize(keys));
        command.Parameters.AddWithValue("$limit", limit);
        return Task.FromResult<IReadOnlyList<T>>(ReadDocuments(command));
    }

    public Task<long> CountByKeyAsync(string key, CancellationToken cancellationToken)
    {
        using var operation = StoreTelemetry.Start("sqlite", "count", table);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}_keys WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public async IAsyncEnumerable<T> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int page = 1000;
        var after = string.Empty;
        while (true)
        {
            List<(string Id, T Doc)> batch;
            using (var connection = database.Open())
            using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT id, doc FROM {table} WHERE id > $after ORDER BY id LIMIT {page}";
                command.Parameters.AddWithValue("$after", after);
                using var reader = command.ExecuteReader();
                batch = [];
                while (reader.Read())
                {
                    batch.Add((reader.GetString(0), DocumentJson.Deserialize<T>(reader.GetString(1))));
                }
            }

            foreach (var (_, doc) in batch)
            {
                yield return doc;
            }

            if (batch.Count < page)
            {
                yield break;
            }

            after = batch[^1].Id;
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    static List<T> ReadDocuments(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(DocumentJson.Deserialize<T>(reader.GetString(0)));
        }

        return result;
    }
}
