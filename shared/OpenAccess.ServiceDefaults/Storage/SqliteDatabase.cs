using Microsoft.Data.Sqlite;

namespace OpenAccess.ServiceDefaults.Storage;

/// <summary>One service's embedded SQLite file, opened in WAL mode so readers never block the writer.</summary>
public sealed class SqliteDatabase
{
    readonly string connectionString;

    /// <param name="path">The file; made with its folder when missing.</param>
    /// <param name="pageSize">
    /// Page size of a file made here (a power of two, 512–65,536; SQLite's default is 4,096). A file already there keeps its
    /// own: in WAL mode the page size is fixed once the file exists.
    /// </param>
    public SqliteDatabase(string path, int? pageSize = null)
    {
        if (pageSize is { } size && (size < 512 || size > 65536 || (size & (size - 1)) != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), size, "an SQLite page size is a power of two from 512 to 65,536");
        }

        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, pageSize is { } pages ? $"PRAGMA page_size={pages}; PRAGMA journal_mode=WAL;" : "PRAGMA journal_mode=WAL;");
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
