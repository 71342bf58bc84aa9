using OpenAccess.Contracts;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Tests.Importing;

/// <summary>
/// An import saves its confirmed batches several at a time: a save that fails fails the run, the run reports what was saved,
/// and importing the file again publishes the rest, under the ids they had.
/// </summary>
public sealed class GroupedSaveTests : IDisposable
{
    static readonly string Snapshot = Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz");
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-grouped-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_failed_save_fails_the_run_which_counts_only_what_was_saved_and_a_second_import_publishes_the_rest_under_the_same_ids()
    {
        var data = Path.Combine(folder, "data");
        await using var app = await HarvesterApp.StartAsync(data, new Uri("http://127.0.0.1:9/"),
            ("OpenAccess:Harvester:Publish:BatchSize", "100"), ("OpenAccess:Harvester:Publish:BatchesPerSave", "2"), ("OpenAccess:Harvester:Publish:BatchesInFlight", "2"));
        var database = new SqliteDatabase(Path.Combine(data, "harvester.db"));
        using (var connection = database.Open())
        {
            // The third save (models 401–600) finds the disk full: SQLite rolls its transaction back.
            SqliteDatabase.Execute(connection, "CREATE TRIGGER refuse BEFORE INSERT ON models WHEN (SELECT count(*) FROM models) >= 400 BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END;");
        }

        var failed = await app.ImportAsync(Snapshot);
        var firstIds = app.Of<ModelDiscovered>().Select(e => e.MessageId).ToList();
        using (var connection = database.Open())
        {
            SqliteDatabase.Execute(connection, "DROP TRIGGER refuse;");
        }

        var again = await app.ImportAsync(Snapshot);
        var allIds = app.Of<ModelDiscovered>().Select(e => e.MessageId).ToList();

        Assert.Equal(HarvestRun.Failed, failed.Status);
        Assert.Contains("disk full (test)", failed.Failure);
        Assert.Equal((400, 400, 400), (failed.Lines, failed.ModelsSeen, failed.Published));
        Assert.True(firstIds.Count > 400, $"batches after the last save were published too ({firstIds.Count})");
        Assert.Equal((HarvestRun.Completed, 884, 400), (again.Status, again.Published, again.Unchanged));
        Assert.Equal(1284, allIds.Distinct().Count()); // each model's one message id, whichever run published it
        Assert.Equal(firstIds.Count + 884, allIds.Count);
    }
}
