using System.Diagnostics;
using Microsoft.Data.Sqlite;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Benchmarks.Consume;

/// <summary>
/// Why <see cref="SqliteDocumentCollection{T}"/> keeps its documents in a rowid table: the same Lineage records inserted in
/// batches through the collection, beside bare inserts into the layout it had before (WITHOUT ROWID) and the one it has now,
/// each with and without the lookup keys. CPU of the process a record; every layout is run twice and the second run counted,
/// so the first pays the warm-up.
/// </summary>
public static class StoreLayouts
{
    const string FakeHash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static void Run(IReadOnlyList<ModelDiscovered> events, int batch)
    {
        var records = events.Select(e => StoredModel.From(e, null)).ToList();
        var rows = records.Select(m => (m.Id, Json: DocumentJson.Serialize(m), Keys: StoredModel.ParentKeys(m).ToArray())).ToList();
        Console.WriteLine($"{rows.Count:N0} Lineage records of {rows.Average(r => r.Json.Length):F0} characters on average, {batch} a transaction:");
        Time("the collection (rowid table, keys, hash, upsert)", rows.Count, db => Chunks(records, batch, c =>
            new SqliteDocumentCollection<StoredModel>(db, "m", StoredModel.ParentKeys).UpsertManyAsync([.. c.Select(r => (r.Id, r))], default).Wait()));
        Time("its JSON and hash alone", rows.Count, _ => records.ForEach(r => DocumentJson.HashOf(r)));
        foreach (var layout in new[] { "WITHOUT ROWID", "" })
            foreach (var withKeys in new[] { false, true })
            {
                Time($"bare insert, {(layout == "" ? "rowid table" : "WITHOUT ROWID")}, {(withKeys ? "with" : "no")} keys", rows.Count, db =>
                {
                    using (var connection = db.Open())
                    {
                        SqliteDatabase.Execute(connection, $"""
                            CREATE TABLE m (id TEXT PRIMARY KEY, hash TEXT NOT NULL, doc TEXT NOT NULL) {layout};
                            CREATE TABLE m_keys (key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID;
                            CREATE INDEX m_keys_id ON m_keys (id);
                            """);
                    }

                    Chunks(rows, batch, c => Insert(db, c, withKeys));
                });
            }
    }

    static void Insert(SqliteDatabase db, (string Id, string Json, string[] Keys)[] rows, bool withKeys)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO m (id, hash, doc) VALUES ($id, $hash, $doc)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$hash", FakeHash);
        var doc = insert.Parameters.Add("$doc", SqliteType.Text);
        using var addKey = connection.CreateCommand();
        addKey.CommandText = "INSERT OR IGNORE INTO m_keys (key, id) VALUES ($key, $id)";
        var key = addKey.Parameters.Add("$key", SqliteType.Text);
        var keyId = addKey.Parameters.Add("$id", SqliteType.Text);
        foreach (var row in rows)
        {
            (id.Value, doc.Value) = (row.Id, row.Json);
            insert.ExecuteNonQuery();
            if (!withKeys) continue;
            keyId.Value = row.Id;
            foreach (var parent in row.Keys)
            {
                key.Value = parent;
                addKey.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    static void Chunks<T>(IReadOnlyList<T> items, int batch, Action<T[]> each)
    {
        foreach (var chunk in items.Chunk(batch)) each(chunk);
    }

    static void Time(string what, int count, Action<SqliteDatabase> write)
    {
        double cpu = 0;
        for (var run = 0; run < 2; run++)
        {
            var data = Directory.CreateTempSubdirectory("openaccess-store-layouts-");
            try
            {
                var db = new SqliteDatabase(Path.Combine(data.FullName, "layout.db"));
                GC.Collect();
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                write(db);
                cpu = (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds;
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                data.Delete(recursive: true);
            }
        }

        Console.WriteLine($"  {what,-56} {cpu / count,7:F1} µs CPU a record");
    }
}
