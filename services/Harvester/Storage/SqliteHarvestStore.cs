using System.Text.Json;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Storage;

public sealed class SqliteHarvestStore : IHarvestStore
{
    readonly SqliteDatabase database;

    public SqliteHarvestStore(SqliteDatabase database)
    {
        this.database = database;
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, """
            CREATE TABLE IF NOT EXISTS fingerprints (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, started_at TEXT NOT NULL, content_sha256 TEXT, status TEXT NOT NULL, doc TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS runs_started ON runs (started_at);
            CREATE INDEX IF NOT EXISTS runs_content ON runs (content_sha256);
            """);
    }

    public Task PingAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, "SELECT 1;");
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT fingerprint FROM fingerprints WHERE id = $id";
        var parameter = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var id in ids)
        {
            parameter.Value = id;
            if (command.ExecuteScalar() is string fingerprint)
            {
                result[id] = fingerprint;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(result);
    }

    public Task SaveFingerprintsAsync(IReadOnlyDictionary<string, string> fingerprints, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
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

    public Task SaveRunAsync(HarvestRun run, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
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
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM runs WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(command.ExecuteScalar() is string doc ? JsonSerializer.Deserialize<HarvestRun>(doc) : null);
    }

    public Task<IReadOnlyList<HarvestRun>> ListRunsAsync(int limit, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
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
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM runs WHERE content_sha256 = $c AND status = $st LIMIT 1";
        command.Parameters.AddWithValue("$c", contentSha256);
        command.Parameters.AddWithValue("$st", HarvestRun.Completed);
        return Task.FromResult(command.ExecuteScalar() is not null);
    }
}
