using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Tests;

/// <summary>What the harvester's store must do on SQLite and on MongoDB alike.</summary>
public abstract class HarvestStoreContract
{
    protected abstract IHarvestStore Create();

    static HarvestRun Run(string id, DateTimeOffset started, string status = HarvestRun.Running, string? sha = null) => new()
    {
        Id = id, Source = "snapshot", Name = $"{id}.jsonl", ContentSha256 = sha, StartedAt = started, Status = status,
        Lines = 7, Published = 4, Unchanged = 1, Rejected = 2, Errors = [new RunError(3, "not valid JSON"), new RunError(5, "missing 'id'")],
    };

    [Fact]
    public async Task Fingerprints_are_saved_replaced_and_read_for_known_ids_only()
    {
        var store = Create();
        await store.SaveFingerprintsAsync(new Dictionary<string, string> { ["a/b"] = "1", ["c/d"] = "2" }, default);
        await store.SaveFingerprintsAsync(new Dictionary<string, string> { ["a/b"] = "3" }, default);

        var found = await store.GetFingerprintsAsync(["a/b", "c/d", "e/f"], default);

        Assert.Equal(new Dictionary<string, string> { ["a/b"] = "3", ["c/d"] = "2" }, found);
    }

    [Fact]
    public async Task Models_are_saved_with_their_records_and_fingerprints_together_and_replaced()
    {
        var store = Create();
        await store.SaveModelsAsync([new("c/d", "1", "{\"id\":\"c/d\",\"card\":\"Ünï 😀 \\u00e9\"}"u8.ToArray()), new("a/b", "1", "{\"id\":\"a/b\"}"u8.ToArray())], default);
        await store.SaveModelsAsync([new("a/b", "2", "{\"id\":\"a/b\",\"v\":2}"u8.ToArray())], default);

        var records = new List<string>();
        await foreach (var record in store.ReadRecordsAsync(default)) records.Add(record);

        Assert.Equal(["{\"id\":\"a/b\",\"v\":2}", "{\"id\":\"c/d\",\"card\":\"Ünï 😀 \\u00e9\"}"], records); // UTF-8 in, the same text out
        Assert.Equal(2, await store.CountModelsAsync(default));
        Assert.Equal(new Dictionary<string, string> { ["a/b"] = "2", ["c/d"] = "1" }, await store.GetModelFingerprintsAsync(["a/b", "c/d", "e/f"], default));
        Assert.Empty(await store.GetFingerprintsAsync(["a/b", "c/d"], default)); // models and other keys are apart
    }

    [Fact]
    public async Task A_lookup_finds_ids_of_any_characters_exactly_and_a_batch_of_none_finds_nothing()
    {
        var store = Create();
        string[] ids = ["Ünï/cödé", "a/\"quoted\"", "back\\slash/x", "A/B", "😀/x", "benchmark:v2|a/1|main|bf16"];
        await store.SaveModelsAsync(ids.Select((id, i) => new ModelEntry(id, $"f{i}", "{}"u8.ToArray())).ToList(), default);

        Assert.Equal(
            ids.Select((id, i) => (id, $"f{i}")).ToDictionary(),
            await store.GetModelFingerprintsAsync([.. ids, "A/B", "a/b", "ünï/cödé"], default)); // case counts; an id asked twice is found once
        Assert.Empty(await store.GetModelFingerprintsAsync([], default));
    }

    [Fact]
    public async Task Run_progress_keeps_the_highest_count_of_each_process_and_reads_back_the_runs_asked_for()
    {
        var store = Create();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var at = new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
        OpenAccess.Contracts.HarvestRunProgress Report(string run, Guid instance, long stored) => new()
        {
            RunId = run, Consumer = "lineage-model-discovered", MessageType = "ModelDiscovered", Instance = instance, Stored = stored,
            LastStoredAt = at.AddSeconds(stored), ReportedAt = at.AddSeconds(stored + 1),
        };

        await store.SaveRunProgressAsync(Report("r1", a, 10), default);
        await store.SaveRunProgressAsync(Report("r1", a, 30), default);
        await store.SaveRunProgressAsync(Report("r1", a, 20), default); // late: kept at 30
        await store.SaveRunProgressAsync(Report("r1", a, 30), default); // again
        await store.SaveRunProgressAsync(Report("r1", b, 5), default);
        await store.SaveRunProgressAsync(Report("r2", a, 1), default);

        var kept = await store.GetRunProgressAsync(["r1", "r3"], default);
        Assert.Equal([(a, 30L, at.AddSeconds(30)), (b, 5L, at.AddSeconds(5))],
            kept.OrderByDescending(r => r.Stored).Select(r => (r.Instance, r.Stored, r.LastStoredAt)));
        Assert.Empty(await store.GetRunProgressAsync([], default));
    }

    [Fact]
    public async Task Runs_round_trip_with_their_errors_and_list_newest_first()
    {
        var store = Create();
        var t0 = new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);
        await store.SaveRunAsync(Run("r1", t0), default);
        await store.SaveRunAsync(Run("r2", t0.AddMinutes(1)), default);
        await store.SaveRunAsync(Run("r1", t0) with { Status = HarvestRun.Completed, FinishedAt = t0.AddSeconds(30) }, default);

        var r1 = await store.GetRunAsync("r1", default);
        Assert.Equal(HarvestRun.Completed, r1!.Status);
        Assert.Equal(t0.AddSeconds(30), r1.FinishedAt);
        Assert.Equal([new RunError(3, "not valid JSON"), new RunError(5, "missing 'id'")], r1.Errors);
        Assert.Equal(["r2", "r1"], (await store.ListRunsAsync(10, default)).Select(r => r.Id));
        Assert.Equal(["r2"], (await store.ListRunsAsync(1, default)).Select(r => r.Id));
        Assert.Null(await store.GetRunAsync("nope", default));
    }

    [Fact]
    public async Task A_run_is_added_once_and_a_second_add_of_its_id_changes_nothing()
    {
        // The claim of a scheduled tick: two harvesters add the tick's run, one of them wins, the other's is dropped.
        var store = Create();
        var t0 = new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
        Assert.True(await store.AddRunAsync(Run("tick", t0, HarvestRun.Queued) with { Trigger = HarvestRun.BySchedule }, default));

        Assert.False(await store.AddRunAsync(Run("tick", t0.AddSeconds(5), HarvestRun.Queued) with { Name = "second" }, default));

        var run = await store.GetRunAsync("tick", default);
        Assert.Equal(("tick.jsonl", t0, HarvestRun.BySchedule), (run!.Name, run.StartedAt, run.Trigger));
        Assert.Equal(["tick"], (await store.ListRunsAsync(10, default)).Select(r => r.Id));
    }

    [Fact]
    public async Task A_file_counts_as_imported_only_once_a_run_of_it_completed()
    {
        var store = Create();
        var t0 = new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero);
        await store.SaveRunAsync(Run("r1", t0, HarvestRun.Failed, sha: "abc"), default);
        Assert.False(await store.HasCompletedImportAsync("abc", default));

        await store.SaveRunAsync(Run("r2", t0, HarvestRun.Completed, sha: "abc"), default);

        Assert.True(await store.HasCompletedImportAsync("abc", default));
        Assert.False(await store.HasCompletedImportAsync("def", default));
    }
}

public sealed class SqliteHarvestStoreTests : HarvestStoreContract, IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-harvest-").FullName;

    protected override IHarvestStore Create() =>
        new SqliteHarvestStore(new SqliteDatabase(Path.Combine(folder, $"{Guid.NewGuid():N}.db"), SqliteHarvestStore.PageSize));

    [Fact]
    public async Task The_service_makes_its_file_with_the_harvester_page_size()
    {
        await using (var app = await HarvesterApp.StartAsync(folder, new Uri("http://127.0.0.1:9/")))
        {
            await app.Services.GetRequiredService<IHarvestStore>().PingAsync(CancellationToken.None);
        }

        using var connection = new SqliteDatabase(Path.Combine(folder, "harvester.db")).Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA page_size;";
        Assert.Equal((long)SqliteHarvestStore.PageSize, command.ExecuteScalar());
    }

    [Fact]
    public async Task A_record_handed_over_as_UTF8_is_stored_as_text()
    {
        var database = new SqliteDatabase(Path.Combine(folder, "text.db"), SqliteHarvestStore.PageSize);
        await new SqliteHarvestStore(database).SaveModelsAsync([new("a/b", "1", "{\"id\":\"a/b\",\"name\":\"cödé\"}"u8.ToArray())], default);

        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(doc), doc = '{\"id\":\"a/b\",\"name\":\"cödé\"}' FROM models";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(("text", 1L), (reader.GetString(0), reader.GetInt64(1))); // a text, equal to the same text written as one
    }

    [Theory]
    [InlineData("records (id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID")]
    [InlineData("model_records (id TEXT PRIMARY KEY, doc TEXT NOT NULL)")]
    public async Task A_file_of_an_earlier_layout_keeps_its_model_records_and_fingerprints(string table)
    {
        var database = new SqliteDatabase(Path.Combine(folder, "earlier.db"));
        var name = table.Split(' ')[0];
        using (var connection = database.Open())
        {
            SqliteDatabase.Execute(connection, $$"""
                CREATE TABLE fingerprints (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE {{table}};
                INSERT INTO {{name}} (id, doc) VALUES ('b/2', '{"id":"b/2"}'), ('a/1', '{"id":"a/1"}');
                INSERT INTO fingerprints (id, fingerprint) VALUES ('a/1', 'fa'), ('b/2', 'fb'), ('benchmark:v2|a/1|main|bf16', 'fx');
                """);
        }

        var store = new SqliteHarvestStore(database);
        var records = new List<string>();
        await foreach (var record in store.ReadRecordsAsync(default)) records.Add(record);

        Assert.Equal(["{\"id\":\"a/1\"}", "{\"id\":\"b/2\"}"], records);
        Assert.Equal(new Dictionary<string, string> { ["a/1"] = "fa", ["b/2"] = "fb" }, await store.GetModelFingerprintsAsync(["a/1", "b/2"], default));
        Assert.Equal(new Dictionary<string, string> { ["benchmark:v2|a/1|main|bf16"] = "fx" },
            await store.GetFingerprintsAsync(["a/1", "b/2", "benchmark:v2|a/1|main|bf16"], default));
        _ = new SqliteHarvestStore(database); // opening again finds nothing left to move, and does not fail
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}

/// <summary>Runs when <c>OPENACCESS_TEST_MONGODB</c> holds a connection string; skipped (and says so) otherwise.</summary>
public sealed class MongoHarvestStoreTests : HarvestStoreContract
{
    protected override IHarvestStore Create()
    {
        var connection = Environment.GetEnvironmentVariable("OPENACCESS_TEST_MONGODB");
        Assert.SkipWhen(string.IsNullOrWhiteSpace(connection), "OPENACCESS_TEST_MONGODB is not set: no MongoDB server to test against");
        return new MongoHarvestStore(StorageExtensions.CreateMongoClient(connection!).GetDatabase($"openaccess_test_harvest_{Guid.NewGuid():N}"));
    }
}
