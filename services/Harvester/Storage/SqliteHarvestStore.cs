using System.Text.Json;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Storage;

public sealed class SqliteHarvestStore : IHarvestStore
{
    /// <summary>
    /// Page size of a harvester file made new: a model's row is a 1.7 KB record, two to a 4 KiB page, and an import writes
    /// each model's id at a random place of the id index; on 16 KiB pages a row costs 24–27 instead of 35–36 µs of CPU at
    /// 300,000 models (docs/harvester.md). A file made before keeps its 4 KiB pages.
    /// </summary>
    public const int PageSize = 16384;

    readonly SqliteDatabase database;

    public SqliteHarvestStore(SqliteDatabase database)
    {
        this.database = database;
        using var connection = Open();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS fingerprints (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, started_at TEXT NOT NULL, content_sha256 TEXT, status TEXT NOT NULL, doc TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at);
            CREATE INDEX IF NOT EXISTS runs_content ON runs (content_sha256);
            CREATE TABLE IF NOT EXISTS models (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, doc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS quarantine (id TEXT PRIMARY KEY, run_id TEXT NOT NULL, at TEXT NOT NULL, doc TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS quarantine_run ON quarantine (run_id, at);
            CREATE TABLE IF NOT EXISTS run_progress (run_id TEXT NOT NULL, consumer TEXT NOT NULL, instance TEXT NOT NULL, stored INTEGER NOT NULL,
                doc TEXT NOT NULL, PRIMARY KEY (run_id, consumer, instance)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS config_files (key TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID;
            """);
        MoveModelsIntoOneTable(connection);
    }

    /// <summary>
    /// Files written before kept a model's record and its fingerprint in two tables (<c>model_records</c>, before that the
    /// WITHOUT ROWID <c>records</c>) next to <c>fingerprints</c>: three b-trees written at random places per model, 2.5
    /// times slower than the one table now (docs/harvester.md). Their rows move once; a record without a fingerprint
    /// gets an empty one, so the model is published again at its next sighting.
    /// </summary>
    static void MoveModelsIntoOneTable(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        foreach (var legacy in new[] { "records", "model_records" })
        {
            using var probe = connection.CreateCommand();
            probe.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $name";
            probe.Parameters.AddWithValue("$name", legacy);
            if (probe.ExecuteScalar() is null) continue;
            using var transaction = connection.BeginTransaction();
            SqliteDatabase.Execute(connection, $"""
                INSERT INTO models (id, fingerprint, doc)
                    SELECT r.id, COALESCE(f.fingerprint, ''), r.doc FROM {legacy} r LEFT JOIN fingerprints f ON f.id = r.id WHERE true
                    ON CONFLICT(id) DO NOTHING;
                DELETE FROM fingerprints WHERE id IN (SELECT id FROM {legacy});
                DROP TABLE {legacy};
                """);
            transaction.Commit();
        }
    }

    /// <summary>
    /// A 64 MiB page cache and a WAL checkpointed every 16,384 pages (256 MiB on 16 KiB pages, 64 MiB on a 4 KiB file)
    /// instead of every 1,000: an import writes each model's row at a random place of the id index, and the defaults re-read
    /// evicted index pages and fsync a checkpoint every couple of batches (docs/harvester.md). The WAL file is reused, not
    /// shrunk, after a checkpoint: a harvester data folder keeps up to 256 MiB of it beside the database.
    /// </summary>
    Microsoft.Data.Sqlite.SqliteConnection Open()
    {
        var connection = database.Open();
        SqliteDatabase.Execute(connection, "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=16384;");
        return connection;
    }

    public Task PingAsync(CancellationToken cancellationToken) => database.PingAsync();

    public Task<IReadOnlyDictionary<string, string>> GetModelFingerprintsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        Task.FromResult(Lookup("models", ids));

    public Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        Task.FromResult(Lookup("fingerprints", ids));

    /// <summary>
    /// One statement for the whole batch, its ids passed as one JSON array, instead of one statement run a model (the driver's
    /// cost of a run, paid 500 times a batch; docs/harvester.md).
    /// </summary>
    IReadOnlyDictionary<string, string> Lookup(string table, IReadOnlyCollection<string> ids) => Lookup(table, "fingerprint", ids);

    IReadOnlyDictionary<string, string> Lookup(string table, string column, IReadOnlyCollection<string> ids, string key = "id")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ids.Count == 0) return result;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {key}, {column} FROM {table} WHERE {key} IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    public Task SaveFingerprintsAsync(IReadOnlyDictionary<string, string> fingerprints, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO fingerprints (id, fingerprint) VALUES ($id, $f) ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint";
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        var f = command.Parameters.Add("$f", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var (key, value) in fingerprints)
        {
            id.Value = key;
            f.Value = value;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task SaveModelsAsync(IReadOnlyCollection<ModelEntry> models, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        // The record's UTF-8 bytes go in as they are and are stored as the text they are (the file's encoding is UTF-8).
        command.CommandText = "INSERT INTO models (id, fingerprint, doc) VALUES ($id, $f, CAST($d AS TEXT)) ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint, doc = excluded.doc";
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        var fingerprint = command.Parameters.Add("$f", Microsoft.Data.Sqlite.SqliteType.Text);
        var doc = command.Parameters.Add("$d", Microsoft.Data.Sqlite.SqliteType.Blob);
        command.Prepare();
        foreach (var model in models)
        {
            id.Value = model.Id;
            fingerprint.Value = model.Fingerprint;
            doc.Value = model.Record;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, string>> GetModelRecordsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        Task.FromResult(Lookup("models", "doc", ids));

    public Task<IReadOnlyDictionary<string, ConfigFileEntry>> GetConfigFilesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, ConfigFileEntry>>(Lookup("config_files", "doc", keys, "key")
            .ToDictionary(p => p.Key, p => JsonSerializer.Deserialize<ConfigFileEntry>(p.Value)!, StringComparer.Ordinal));

    public Task SaveConfigFileAsync(ConfigFileEntry entry, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO config_files (key, doc) VALUES ($key, $doc) ON CONFLICT(key) DO UPDATE SET doc = excluded.doc";
        command.Parameters.AddWithValue("$key", entry.Key);
        command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(entry));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ReadRecordsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM models ORDER BY id COLLATE BINARY";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetString(0);
        }
    }

    public async Task<long> CountModelsAsync(CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM models";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task QuarantineAsync(IReadOnlyCollection<QuarantinedRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0) return Task.CompletedTask;
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO quarantine (id, run_id, at, doc) VALUES ($id, $r, $at, $d) ON CONFLICT(id) DO NOTHING";
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        var run = command.Parameters.Add("$r", Microsoft.Data.Sqlite.SqliteType.Text);
        var at = command.Parameters.Add("$at", Microsoft.Data.Sqlite.SqliteType.Text);
        var doc = command.Parameters.Add("$d", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var record in records)
        {
            id.Value = record.Id;
            run.Value = record.RunId;
            at.Value = record.At.UtcDateTime.ToString("O");
            doc.Value = JsonSerializer.Serialize(record);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QuarantinedRecord>> ListQuarantineAsync(string? runId, int offset, int limit, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = runId is null
            ? "SELECT doc FROM quarantine ORDER BY at DESC, id LIMIT $n OFFSET $o"
            : "SELECT doc FROM quarantine WHERE run_id = $r ORDER BY at DESC, id LIMIT $n OFFSET $o";
        command.Parameters.AddWithValue("$n", limit);
        command.Parameters.AddWithValue("$o", offset);
        if (runId is not null) command.Parameters.AddWithValue("$r", runId);
        using var reader = command.ExecuteReader();
        var result = new List<QuarantinedRecord>();
        while (reader.Read())
        {
            result.Add(JsonSerializer.Deserialize<QuarantinedRecord>(reader.GetString(0))!);
        }

        return Task.FromResult<IReadOnlyList<QuarantinedRecord>>(result);
    }

    public Task SaveRunProgressAsync(OpenAccess.Contracts.HarvestRunProgress progress, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO run_progress (run_id, consumer, instance, stored, doc) VALUES ($r, $c, $i, $s, $d)
            ON CONFLICT(run_id, consumer, instance) DO UPDATE SET stored = excluded.stored, doc = excluded.doc WHERE excluded.stored > run_progress.stored
            """;
        command.Parameters.AddWithValue("$r", progress.RunId);
        command.Parameters.AddWithValue("$c", progress.Consumer);
        command.Parameters.AddWithValue("$i", progress.Instance.ToString("N"));
        command.Parameters.AddWithValue("$s", progress.Stored);
        command.Parameters.AddWithValue("$d", JsonSerializer.Serialize(progress));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OpenAccess.Contracts.HarvestRunProgress>> GetRunProgressAsync(IReadOnlyCollection<string> runIds, CancellationToken cancellationToken)
    {
        var result = new List<OpenAccess.Contracts.HarvestRunProgress>();
        if (runIds.Count == 0) return Task.FromResult<IReadOnlyList<OpenAccess.Contracts.HarvestRunProgress>>(result);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM run_progress WHERE run_id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(runIds));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(JsonSerializer.Deserialize<OpenAccess.Contracts.HarvestRunProgress>(reader.GetString(0))!);
        }

        return Task.FromResult<IReadOnlyList<OpenAccess.Contracts.HarvestRunProgress>>(result);
    }

    public Task SaveRunAsync(HarvestRun run, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO runs (id, started_at, content_sha256, status, doc) VALUES ($id, $s, $c, $st, $d)
            ON CONFLICT(id) DO UPDATE SET status = excluded.status, doc = excluded.doc
            """;
        command.Parameters.AddWithValue("$id", run.Id);
        command.Parameters.AddWithValue("$s", run.StartedAt.UtcDateTime.ToString("O"));
        command.Parameters.AddWithValue("$c", (object?)run.ContentSha256 ?? DBNull.Value);
        command.Parameters.AddWithValue("$st", run.Status);
        command.Parameters.AddWithValue("$d", JsonSerializer.Serialize(run));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<bool> AddRunAsync(HarvestRun run, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO runs (id, started_at, content_sha256, status, doc) VALUES ($id, $s, $c, $st, $d)
            ON CONFLICT(id) DO NOTHING
            """;
        command.Parameters.AddWithValue("$id", run.Id);
        command.Parameters.AddWithValue("$s", run.StartedAt.UtcDateTime.ToString("O"));
        command.Parameters.AddWithValue("$c", (object?)run.ContentSha256 ?? DBNull.Value);
        command.Parameters.AddWithValue("$st", run.Status);
        command.Parameters.AddWithValue("$d", JsonSerializer.Serialize(run));
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public Task<HarvestRun?> GetRunAsync(string id, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM runs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(command.ExecuteScalar() is string doc ? JsonSerializer.Deserialize<HarvestRun>(doc) : null);
    }

    public Task<IReadOnlyList<HarvestRun>> ListRunsAsync(int limit, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM runs ORDER BY started_at DESC, id DESC LIMIT $n";
        command.Parameters.AddWithValue("$n", limit);
        using var reader = command.ExecuteReader();
        var runs = new List<HarvestRun>();
        while (reader.Read())
        {
            runs.Add(JsonSerializer.Deserialize<HarvestRun>(reader.GetString(0))!);
        }

        return Task.FromResult<IReadOnlyList<HarvestRun>>(runs);
    }

    public Task<bool> HasCompletedImportAsync(string contentSha256, CancellationToken cancellationToken)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM runs WHERE content_sha256 = $c AND status = $st LIMIT 1";
        command.Parameters.AddWithValue("$c", contentSha256);
        command.Parameters.AddWithValue("$st", HarvestRun.Completed);
        return Task.FromResult(command.ExecuteScalar() is not null);
    }
}
