using System.Net.Http.Json;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Formats;

public sealed class SnapshotFormatTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-formats-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Each_layout_is_recognised_by_its_content_not_its_name()
    {
        var renamed = Path.Combine(folder, "data.bin");
        File.Copy(RealModels.Fixture("trees", "Mistral-Small-24B-Base-2501_finetunes_20250405_001816.csv"), renamed);

        Assert.Equal(SnapshotFormat.HubTreeCsv, await SnapshotFileReader.DetectAsync(renamed, default));
        Assert.Equal(SnapshotFormat.HubTreeCsv, await SnapshotFileReader.DetectAsync(RealModels.Fixture("trees", "Llama-2-7b_finetunes_20250422_180448.csv"), default));
        Assert.Equal(SnapshotFormat.Jsonl, await SnapshotFileReader.DetectAsync(Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"), default));
        Assert.Equal(SnapshotFormat.Jsonl, await SnapshotFileReader.DetectAsync(RealModels.Fixture("hf-api", "list-entry.json"), default));
    }

    [Fact]
    public async Task Hub_crawl_csvs_of_both_layouts_import_and_their_broken_rows_are_quarantined()
    {
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), new Uri("http://127.0.0.1:9/"));

        var wide = await app.ImportAsync(RealModels.Fixture("trees", "Llama-2-7b_finetunes_20250422_180448.csv"));
        var narrow = await app.ImportAsync(RealModels.Fixture("trees", "Mistral-Small-24B-Base-2501_finetunes_20250405_001816.csv"));
        var quarantine = await app.Http.GetFromJsonAsync<List<QuarantinedRecord>>($"/quarantine?run={wide.Id}");

        Assert.Equal((HarvestRun.Completed, 92, 89, 3), (wide.Status, wide.ModelsSeen, wide.Published, wide.Rejected));
        Assert.Equal((HarvestRun.Completed, 67, 67, 0), (narrow.Status, narrow.ModelsSeen, narrow.Published, narrow.Rejected));
        Assert.Equal(3, quarantine!.Count);
        Assert.All(quarantine, q => Assert.StartsWith("line ", q.Location));
        var models = app.Of<ModelDiscovered>().Select(e => System.Text.Json.JsonSerializer.Deserialize<ModelDiscovered>(e.Json)!).ToList();
        var meditron = models.Single(m => m.Id == "epfl-llm/meditron-7b");
        Assert.Contains(meditron.BaseModels, l => l.Id == "meta-llama/Llama-2-7b" && l.Relation == BaseModelRelation.Finetune);
    }

    [Fact]
    public async Task Leaderboard_tables_import_as_benchmark_results_and_a_second_import_publishes_nothing()
    {
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), new Uri("http://127.0.0.1:9/"));

        var first = await app.ImportAsync(RealModels.Fixture("leaderboard", "v1-snapshots", "20231031.csv"));
        var again = await app.ImportAsync(RealModels.Fixture("leaderboard", "v1-snapshots", "20231031.csv"));

        // 109 rows name 95 models: a model listed twice (no revision or precision in this table) is one result, the last row's.
        Assert.Equal((HarvestRun.Completed, 109, 95, 0), (first.Status, first.Lines - 1, first.BenchmarksPublished, first.Published));
        Assert.Equal(0, again.BenchmarksPublished);
        Assert.Equal(95, app.Of<BenchmarkUpdated>().Select(e => e.MessageId).Distinct().Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Export_then_import_elsewhere_then_export_again_gives_the_same_bytes(bool gzip)
    {
        var exported = Path.Combine(folder, gzip ? "one.jsonl.gz" : "one.jsonl");
        await using (var app = await HarvesterApp.StartAsync(Path.Combine(folder, "a"), new Uri("http://127.0.0.1:9/")))
        {
            await app.ImportAsync(Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"));
            await app.ImportAsync(RealModels.Fixture("trees", "Mistral-Small-24B-Base-2501_finetunes_20250405_001816.csv"));
            await File.WriteAllBytesAsync(exported, await app.Http.GetByteArrayAsync($"/snapshots/export?gzip={gzip}"));
        }

        byte[] again;
        HarvestRun reimport;
        await using (var app = await HarvesterApp.StartAsync(Path.Combine(folder, "b"), new Uri("http://127.0.0.1:9/")))
        {
            reimport = await app.ImportAsync(exported);
            again = await app.Http.GetByteArrayAsync($"/snapshots/export?gzip={gzip}");
        }

        Assert.Equal((HarvestRun.Completed, 0), (reimport.Status, reimport.Rejected));
        Assert.Equal(1284, reimport.Published); // the crawl's models are in the bundled snapshot already, at the same fingerprint
        Assert.Equal(await File.ReadAllBytesAsync(exported), again);
    }
}
