using Microsoft.Data.Sqlite;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.ServiceDefaults.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-sqlite-").FullName;

    [Fact]
    public void A_new_file_gets_the_page_size_asked_for_and_WAL()
    {
        var database = new SqliteDatabase(Path.Combine(folder, "new.db"), 16384);

        using var connection = database.Open();
        Assert.Equal(16384L, Scalar(connection, "PRAGMA page_size;"));
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
    }

    [Fact]
    public void A_file_made_before_keeps_its_page_size_and_its_rows()
    {
        var path = Path.Combine(folder, "old.db");
        using (var connection = new SqliteDatabase(path).Open())
        {
            SqliteDatabase.Execute(connection, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7);");
        }

        using var reopened = new SqliteDatabase(path, 16384).Open();
        Assert.Equal(4096L, Scalar(reopened, "PRAGMA page_size;"));
        Assert.Equal(7L, Scalar(reopened, "SELECT x FROM t;"));
    }

    [Theory]
    [InlineData(256)]
    [InlineData(12000)]
    [InlineData(131072)]
    public void A_page_size_SQLite_cannot_use_is_refused(int pageSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteDatabase(Path.Combine(folder, "bad.db"), pageSize));
        Assert.Contains("power of two", error.Message);
    }

    static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
