using Microsoft.Data.Sqlite;

namespace OpenAccess.ServiceDefaults.Storage;

/// <summary>One service's embedded SQLite file, opened in WAL mode so readers never block the writer.</summary>
public sealed class SqliteDatabase
{
    readonly string connectionString;

    public SqliteDatabase(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;");
        return connection;
    }

    /// <summary>Opens a connection and runs a trivial query: the readiness check of every SQLite store.</summary>
    public Task PingAsync()
    {
        using var connection = Open();
        Execute(connection, "SELECT 1;");
        return Task.CompletedTask;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
