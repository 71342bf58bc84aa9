using System.Text.Json;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Storage;

public sealed class SqliteHarvestStore : IHarvestStore
{
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
    /// A 64 MiB page cache and a WAL checkpointed every 64 MiB instead of every 4 MiB: an import writes each model's row
    /// at a random place of the id index, and the defaults re-read evicted index pages and fsync a checkpoint every couple
    /// of batches (39 against 52 µs of CPU a model, 1.9 times the rate at 300,000 models; docs/harvester.md).
    /// </summary>
    Microsoft.Data.Sqlite.SqliteConnection Open()
    {
        var connection = database.Open();
        SqliteDatabase.Execute(connection, "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=16384;");
        return connection;
    }

    public Task PingAsync(CancellationToken cancellationToken) => database.PingAsync();

    public Task<IReadOnlyDictionary<string, string>> GetModelFingerprintsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        Task.FromResult(Lookup("SELECT fingerprint FROM models WHERE id = $id", ids));

    public Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        Task.FromResult(Lookup("SELECT fingerprint FROM fingerprints WHERE id = $id", ids));

    IReadOnlyDictionary<string, string> Lookup(string sql, IReadOnlyCollection<string> ids)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var connection = Open();
        // One read transaction for the batch: each statement on its own would take and drop the WAL's read lock, two
        // fcntl calls a model (docs/harvester.md).
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        command.Prepare();
        foreach (var id in ids)
        {
            parameter.Value = id;
            if (command.ExecuteScalar() is string fingerprint)
            {
                result[id] = fingerprint;
            }
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
        command.CommandText = "INSERT INTO models (id, fingerprint, doc) VALUES ($id, $f, $d) ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint, doc = excluded.doc";
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        var fingerprint = command.Parameters.Add("$f", Microsoft.Data.Sqlite.SqliteType.Text);
        var doc = command.Parameters.Add("$d", Microsoft.Data.Sqlite.SqliteType.Text);
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
