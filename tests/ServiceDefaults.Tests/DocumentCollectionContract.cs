using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.ServiceDefaults.Tests;

public sealed record Sample(string Id, string Name, IReadOnlyList<string> Parents, long Big, DateTimeOffset? When);

/// <summary>What every <see cref="IDocumentCollection{T}"/> must do, whatever stores it.</summary>
public abstract class DocumentCollectionContract
{
    protected abstract IDocumentCollection<Sample> Create(string name);

    // Letters only: a fresh table or collection per test, valid on both stores.
    IDocumentCollection<Sample> Collection() => Create("samples_" + string.Concat(Guid.NewGuid().ToString("N").Select(c => (char)('a' + c % 26))));

    static IEnumerable<string> Keys(Sample s) => s.Parents;

    protected static Func<Sample, IEnumerable<string>> KeySelector => Keys;

    static Sample S(string id, params string[] parents) =>
        new(id, $"name of {id}", parents, 27_781_427_952, new DateTimeOffset(2025, 3, 14, 8, 15, 46, TimeSpan.Zero));

    [Fact]
    public async Task Stores_and_reads_back_an_equal_document()
    {
        var c = Collection();
        var doc = S("a/b", "x/y");

        Assert.True(await c.UpsertAsync(doc.Id, doc, default));

        var back = await c.GetAsync("a/b", default);
        Assert.Equal(doc with { Parents = [] }, back! with { Parents = [] });
        Assert.Equal(doc.Parents, back.Parents);
        Assert.Null(await c.GetAsync("missing/id", default));
    }

    [Fact]
    public async Task Storing_the_same_document_again_reports_no_change()
    {
        var c = Collection();
        var doc = S("a/b", "x/y");
        await c.UpsertAsync(doc.Id, doc, default);

        Assert.False(await c.UpsertAsync(doc.Id, doc, default));
        Assert.True(await c.UpsertAsync(doc.Id, doc with { Name = "changed" }, default));
        Assert.Equal("changed", (await c.GetAsync(doc.Id, default))!.Name);
        Assert.Equal(1, await c.CountAsync(default));
    }

    [Fact]
    public async Task Finds_by_key_in_id_order_with_paging_and_follows_updates()
    {
        var c = Collection();
        foreach (var doc in new[] { S("c/3", "p/1"), S("a/1", "p/1", "p/2"), S("b/2", "p/1"), S("d/4", "p/2") })
        {
            await c.UpsertAsync(doc.Id, doc, default);
        }

        Assert.Equal(["a/1", "b/2", "c/3"], (await c.FindByKeyAsync("p/1", 0, 10, default)).Select(d => d.Id));
        Assert.Equal(["b/2"], (await c.FindByKeyAsync("p/1", 1, 1, default)).Select(d => d.Id));
        Assert.Equal(3, await c.CountByKeyAsync("p/1", default));

        await c.UpsertAsync("a/1", S("a/1", "p/2"), default);

        Assert.Equal(["b/2", "c/3"], (await c.FindByKeyAsync("p/1", 0, 10, default)).Select(d => d.Id));
        Assert.Equal(["a/1", "d/4"], (await c.FindByKeyAsync("p/2", 0, 10, default)).Select(d => d.Id));
        Assert.Equal(0, await c.CountByKeyAsync("nobody", default));
    }

    [Fact]
    public async Task Finds_by_many_keys_at_once_each_document_once_in_id_order_up_to_the_limit()
    {
        var c = Collection();
        foreach (var doc in new[] { S("c/3", "p/1"), S("a/1", "p/1", "p/2"), S("b/2", "p/3"), S("d/4", "p/2"), S("e/5", "p/4") })
        {
            await c.UpsertAsync(doc.Id, doc, default);
        }

        Assert.Equal(["a/1", "c/3", "d/4"], (await c.FindByKeysAsync(["p/2", "p/1", "nobody"], 10, default)).Select(d => d.Id)); // a/1 under both: once
        Assert.Equal(["a/1", "b/2"], (await c.FindByKeysAsync(["p/1", "p/2", "p/3"], 2, default)).Select(d => d.Id));
        Assert.Empty(await c.FindByKeysAsync(["nobody"], 10, default));
        Assert.Empty(await c.FindByKeysAsync([], 10, default));
        Assert.Empty(await c.FindByKeysAsync(["p/1"], 0, default));

        await c.UpsertManyAsync([("a/1", S("a/1", "p/4")), ("d/4", S("d/4"))], default);

        Assert.Equal(["c/3"], (await c.FindByKeysAsync(["p/1", "p/2"], 10, default)).Select(d => d.Id));
        Assert.Equal(["a/1", "e/5"], (await c.FindByKeysAsync(["p/4"], 10, default)).Select(d => d.Id));
    }

    [Fact]
    public async Task Finds_by_many_keys_more_than_a_statement_takes_as_parameters()
    {
        var c = Collection();
        await c.UpsertManyAsync([.. Enumerable.Range(0, 1200).Select(i => ($"c/m-{i:D4}", S($"c/m-{i:D4}", $"p/{i:D4}")))], default);

        var found = await c.FindByKeysAsync([.. Enumerable.Range(0, 40_000).Select(i => $"p/{i:D4}")], 5000, default);

        Assert.Equal(1200, found.Count);
        Assert.Equal("c/m-0000", found[0].Id);
        Assert.Equal("c/m-1199", found[^1].Id);
    }

    [Fact]
    public async Task Reads_everything_in_id_order_across_pages()
    {
        var c = Collection();
        var ids = Enumerable.Range(0, 2500).Select(i => $"author/model-{i:D5}").ToArray();
        foreach (var id in ids.Reverse())
        {
            await c.UpsertAsync(id, S(id), default);
        }

        var all = new List<string>();
        await foreach (var doc in c.ReadAllAsync(default))
        {
            all.Add(doc.Id);
        }

        Assert.Equal(ids, all);
        Assert.Equal(ids.Length, await c.CountAsync(default));
    }

    [Fact]
    public async Task Stores_many_at_once_and_names_the_ids_that_changed()
    {
        var c = Collection();
        await c.UpsertAsync("a/1", S("a/1", "p/1"), default);

        var changed = await c.UpsertManyAsync([("c/3", S("c/3", "p/1")), ("a/1", S("a/1", "p/1")), ("b/2", S("b/2", "p/2"))], default);

        Assert.Equal(["c/3", "b/2"], changed); // a/1 was stored identical: not rewritten, not named
        Assert.Equal(3, await c.CountAsync(default));
        Assert.Equal(["a/1", "c/3"], (await c.FindByKeyAsync("p/1", 0, 10, default)).Select(d => d.Id));
        Assert.Empty(await c.UpsertManyAsync([("c/3", S("c/3", "p/1")), ("b/2", S("b/2", "p/2"))], default));
        Assert.Empty(await c.UpsertManyAsync([], default));
    }

    [Fact]
    public async Task Storing_many_follows_changed_keys_and_keeps_the_last_of_an_id_given_twice()
    {
        var c = Collection();
        await c.UpsertManyAsync([("a/1", S("a/1", "p/1")), ("b/2", S("b/2", "p/1"))], default);

        var changed = await c.UpsertManyAsync([("a/1", S("a/1", "p/2")), ("b/2", S("b/2", "p/1") with { Name = "first" }), ("b/2", S("b/2", "p/1") with { Name = "last" })], default);

        Assert.Equal(["a/1", "b/2"], changed);
        Assert.Equal("last", (await c.GetAsync("b/2", default))!.Name);
        Assert.Equal(["b/2"], (await c.FindByKeyAsync("p/1", 0, 10, default)).Select(d => d.Id));
        Assert.Equal(["a/1"], (await c.FindByKeyAsync("p/2", 0, 10, default)).Select(d => d.Id));
    }

    [Fact]
    public async Task Stores_documents_serialized_by_the_caller_as_it_stores_the_same_documents_given_whole()
    {
        var c = Collection();
        await c.UpsertAsync("a/1", S("a/1", "p/1"), default);

        var changed = await c.UpsertManySerializedAsync(
            [SerializedDocument<Sample>.Of("a/1", S("a/1", "p/1")), SerializedDocument<Sample>.Of("b/2", S("b/2", "p/2")),
             SerializedDocument<Sample>.Of("c/3", S("c/3", "p/1") with { Name = "first" }), SerializedDocument<Sample>.Of("c/3", S("c/3", "p/1") with { Name = "last" })], default);

        Assert.Equal(["b/2", "c/3"], changed); // a/1 stored identical: its bytes hash as the whole document's JSON did
        Assert.Equal(S("b/2") with { Parents = [] }, (await c.GetAsync("b/2", default))! with { Parents = [] });
        Assert.Equal("last", (await c.GetAsync("c/3", default))!.Name);
        Assert.Equal(["a/1", "c/3"], (await c.FindByKeyAsync("p/1", 0, 10, default)).Select(d => d.Id));
        Assert.False(await c.UpsertAsync("b/2", S("b/2", "p/2"), default));
        Assert.Empty(await c.UpsertManySerializedAsync([SerializedDocument<Sample>.Of("b/2", S("b/2", "p/2"))], default));
        Assert.Empty(await c.UpsertManySerializedAsync([], default));
    }

    [Fact]
    public async Task Reads_many_at_once_by_id()
    {
        var c = Collection();
        await c.UpsertManyAsync([.. Enumerable.Range(0, 1500).Select(i => ($"a/m-{i}", S($"a/m-{i}")))], default);

        var found = await c.GetManyAsync(["a/m-7", "a/m-1499", "missing/id", "A/M-7"], default);

        Assert.Equal(["a/m-1499", "a/m-7"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("name of a/m-7", found["a/m-7"].Name);
        Assert.Empty(await c.GetManyAsync([], default));
    }

    [Fact]
    public async Task Finds_a_document_by_any_spelling_of_its_id_the_stored_spelling_first()
    {
        var c = Collection();
        await c.UpsertAsync("Org/Model-A", S("Org/Model-A"), default);

        Assert.Equal("Org/Model-A", (await c.GetAnyCaseAsync("org/MODEL-a", default))!.Id);
        Assert.Null(await c.GetAsync("org/MODEL-a", default)); // a write's own lookups stay exact
        Assert.Null(await c.GetAnyCaseAsync("org/model-b", default));

        // Two spellings stored (written before ids were canonical): each answers its own.
        await c.UpsertAsync("org/model-a", S("org/model-a"), default);
        Assert.Equal("org/model-a", (await c.GetAnyCaseAsync("org/model-a", default))!.Id);
        Assert.Equal("Org/Model-A", (await c.GetAnyCaseAsync("Org/Model-A", default))!.Id);
    }

    [Fact]
    public async Task Reads_one_field_of_many_without_the_rest()
    {
        var c = Collection();
        await c.UpsertManyAsync([("a/1", S("a/1")), ("b/2", S("b/2") with { Name = null! })], default);

        var names = await c.GetFieldManyAsync(["a/1", "b/2", "missing/id"], nameof(Sample.Name), default);
        var absent = await c.GetFieldManyAsync(["a/1"], "NoSuchField", default);

        Assert.Equal(new Dictionary<string, string?> { ["a/1"] = "name of a/1", ["b/2"] = null }, names);
        Assert.Equal(new Dictionary<string, string?> { ["a/1"] = null }, absent);
        Assert.Empty(await c.GetFieldManyAsync([], nameof(Sample.Name), default));
        await Assert.ThrowsAsync<ArgumentException>(() => c.GetFieldManyAsync(["a/1"], "name') OR 1=1 --", default));
    }

    [Fact]
    public async Task Reads_several_fields_of_many_in_one_read()
    {
        var c = Collection();
        var when = new DateTimeOffset(2025, 4, 1, 12, 30, 0, TimeSpan.Zero);
        await c.UpsertManyAsync([("a/1", S("a/1") with { When = when }), ("b/2", S("b/2") with { Name = null! })], default);

        var read = await c.GetFieldsManyAsync(["a/1", "b/2", "missing/id"], [nameof(Sample.Name), "NoSuchField", nameof(Sample.Id)], default);

        Assert.Equal(["a/1", "b/2"], read.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["name of a/1", null, "a/1"], read["a/1"]);
        Assert.Equal([null, null, "b/2"], read["b/2"]);
        // Each field as GetFieldManyAsync reads it alone, a date included.
        Assert.Equal((await c.GetFieldManyAsync(["a/1"], nameof(Sample.When), default))["a/1"],
            (await c.GetFieldsManyAsync(["a/1"], [nameof(Sample.When)], default))["a/1"].Single());
        Assert.Empty(await c.GetFieldsManyAsync([], [nameof(Sample.Name)], default));
        await Assert.ThrowsAsync<ArgumentException>(() => c.GetFieldsManyAsync(["a/1"], [nameof(Sample.Name), "name') OR 1=1 --"], default));
        await Assert.ThrowsAsync<ArgumentException>(() => c.GetFieldsManyAsync(["a/1"], [], default));
    }

    [Fact]
    public async Task Answers_a_ping()
    {
        await Collection().PingAsync(default);
    }
}

public sealed class SqliteDocumentCollectionTests : DocumentCollectionContract, IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-store-").FullName;

    protected override IDocumentCollection<Sample> Create(string name) =>
        new SqliteDocumentCollection<Sample>(new SqliteDatabase(Path.Combine(folder, "test.db")), name, KeySelector, anyCase: true);

    [Fact]
    public async Task A_file_of_the_earlier_layout_keeps_its_documents_and_keys_in_a_rowid_table()
    {
        var database = new SqliteDatabase(Path.Combine(folder, "earlier.db"));
        var earlier = new Sample("a/b", "n", ["p/q"], 1, null);
        using (var connection = database.Open())
        {
            SqliteDatabase.Execute(connection, $$"""
                CREATE TABLE docs (id TEXT PRIMARY KEY, hash TEXT NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE docs_keys (key TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id)) WITHOUT ROWID;
                INSERT INTO docs (id, hash, doc) VALUES ('a/b', '{{DocumentJson.Hash(DocumentJson.Serialize(earlier))}}', '{{DocumentJson.Serialize(earlier)}}');
                INSERT INTO docs_keys (key, id) VALUES ('p/q', 'a/b');
                """);
        }

        var moved = new SqliteDocumentCollection<Sample>(database, "docs", KeySelector);

        Assert.Equal(DocumentJson.Serialize(earlier), DocumentJson.Serialize(await moved.GetAsync("a/b", default)));
        Assert.Equal(1, await moved.CountByKeyAsync("p/q", default));
        Assert.False(await moved.UpsertAsync("a/b", earlier, default)); // the same document: its hash moved with it
        using (var connection = database.Open())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'docs'";
            Assert.DoesNotContain("WITHOUT ROWID", (string)command.ExecuteScalar()!, StringComparison.OrdinalIgnoreCase);
        }

        _ = new SqliteDocumentCollection<Sample>(database, "docs", KeySelector); // opening again finds nothing to move
        Assert.Equal(1, await moved.CountAsync(default));
    }

    [Fact]
    public async Task The_stored_hash_is_the_hash_of_the_stored_bytes_and_the_document_is_text()
    {
        var database = new SqliteDatabase(Path.Combine(folder, "hash.db"));
        var c = new SqliteDocumentCollection<Sample>(database, "docs", KeySelector);
        var whole = new Sample("ü/naïve-模型", "“quoted” <b>&amp;</b> \u2028 🦙", ["p/q"], long.MaxValue, DateTimeOffset.UnixEpoch);
        var serialized = SerializedDocument<Sample>.Of("b/2", whole with { Id = "b/2" });
        await c.UpsertAsync(whole.Id, whole, default);
        await c.UpsertManySerializedAsync([serialized], default);

        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, hash, doc, typeof(doc) FROM docs ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<(string Id, string Hash, string Doc, string Type)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));

        Assert.Equal(["b/2", whole.Id], rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal(DocumentJson.Hash(System.Text.Encoding.UTF8.GetBytes(r.Doc)), r.Hash));
        Assert.All(rows, r => Assert.Equal("text", r.Type)); // json_extract reads text as JSON; a blob it would take for JSONB
        Assert.Equal(DocumentJson.Serialize(whole), rows[1].Doc);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(serialized.Json), rows[0].Doc);
    }

    [Fact]
    public async Task A_collection_without_lookup_keys_stores_and_updates_its_documents()
    {
        var c = new SqliteDocumentCollection<Sample>(new SqliteDatabase(Path.Combine(folder, "nokeys.db")), "docs");

        Assert.True(await c.UpsertAsync("a/b", new Sample("a/b", "n", ["p/q"], 1, null), default));
        Assert.Equal(["a/b"], await c.UpsertManyAsync([("a/b", new Sample("a/b", "changed", ["p/q"], 1, null))], default));

        Assert.Equal("changed", (await c.GetAsync("a/b", default))!.Name);
        Assert.Equal(0, await c.CountByKeyAsync("p/q", default));
    }

    [Fact]
    public async Task Survives_reopening_the_file()
    {
        var path = Path.Combine(folder, "reopen.db");
        await new SqliteDocumentCollection<Sample>(new SqliteDatabase(path), "docs", KeySelector)
            .UpsertAsync("a/b", new Sample("a/b", "n", ["p/q"], 1, null), default);

        var reopened = new SqliteDocumentCollection<Sample>(new SqliteDatabase(path), "docs", KeySelector);

        Assert.Equal("n", (await reopened.GetAsync("a/b", default))!.Name);
        Assert.Equal(1, await reopened.CountByKeyAsync("p/q", default));
    }

    [Fact]
    public void Refuses_a_table_name_that_is_not_plain()
    {
        Assert.Throws<ArgumentException>(() => new SqliteDocumentCollection<Sample>(new SqliteDatabase(Path.Combine(folder, "x.db")), "x; DROP TABLE y"));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}

/// <summary>Runs when <c>OPENACCESS_TEST_MONGODB</c> holds a connection string; skipped (and says so) otherwise.</summary>
public sealed class MongoDocumentCollectionTests : DocumentCollectionContract
{
    protected override IDocumentCollection<Sample> Create(string name)
    {
        var connection = Environment.GetEnvironmentVariable("OPENACCESS_TEST_MONGODB");
        Assert.SkipWhen(string.IsNullOrWhiteSpace(connection), "OPENACCESS_TEST_MONGODB is not set: no MongoDB server to test against");
        var database = StorageExtensions.CreateMongoClient(connection!).GetDatabase($"openaccess_test_{Environment.ProcessId}");
        return new MongoDocumentCollection<Sample>(database, name, KeySelector, anyCase: true);
    }
}
