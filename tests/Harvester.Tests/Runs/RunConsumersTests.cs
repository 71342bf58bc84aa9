using System.Net.Http.Json;
using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Runs;

/// <summary>
/// A run marks what it publishes, and its page shows the consumers' reports on it: summed over their processes, the highest
/// count of each process kept, caught up once the run has ended and every event is stored.
/// </summary>
public sealed class RunConsumersTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-run-consumers-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    Task<HarvesterApp> StartAsync() => HarvesterApp.StartAsync(Path.Combine(folder, "data"), new Uri("http://127.0.0.1:9/"));

    static string Trees => RealModels.Fixture("trees", "Mistral-Small-24B-Base-2501_finetunes_20250405_001816.csv");

    [Fact]
    public async Task Every_event_carries_the_run_that_published_it_and_another_run_of_the_same_file_publishes_nothing()
    {
        await using var app = await StartAsync();

        var models = await app.ImportAsync(Trees);
        var benchmarks = await app.ImportAsync(RealModels.Fixture("leaderboard", "v1-snapshots", "20231031.csv"));
        var again = await app.ImportAsync(Trees);

        Assert.Equal((67, 95, 0), (models.Published, benchmarks.BenchmarksPublished, again.Published));
        Assert.All(app.Of<ModelDiscovered>(), e => Assert.Equal(models.Id, e.RunId));
        Assert.All(app.Of<ModelsDiscovered>().SelectMany(e => ((ModelsDiscovered)e.Message!).Models), m => Assert.Equal(models.Id, m.Model.HarvestRunId));
        Assert.All(app.Of<BenchmarkUpdated>(), e => Assert.Equal(benchmarks.Id, e.RunId));
        Assert.Equal(67 + 1 + 95, app.Events.Count); // each model alone, and the 67 in one ModelsDiscovered
    }

    [Fact]
    public void A_benchmark_result_has_the_same_message_id_whichever_run_publishes_it()
    {
        var result = new BenchmarkUpdated { ModelId = "a/b", Leaderboard = "open-llm-leaderboard", LeaderboardVersion = "v2", Average = 41.5 };

        Assert.Equal(BenchmarkBatchWriter.MessageId(result), BenchmarkBatchWriter.MessageId(result with { HarvestRunId = "20261207-run" }));
        Assert.NotEqual(BenchmarkBatchWriter.MessageId(result), BenchmarkBatchWriter.MessageId(result with { Average = 41.6 }));
    }

    [Fact]
    public async Task Reports_are_summed_over_processes_a_lower_late_report_changes_nothing_and_a_consumer_is_caught_up_once_all_is_stored()
    {
        await using var app = await StartAsync();
        var run = await app.ImportAsync(Trees);
        var bus = app.Get<IBus>();
        var (first, second, evaluator) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var at = run.FinishedAt!.Value;

        await bus.Publish(Report(run.Id, "lineage-model-discovered", first, 60, at.AddSeconds(5)));
        await bus.Publish(Report(run.Id, "lineage-model-discovered", second, 7, at.AddSeconds(9))); // a restarted process counts afresh
        await bus.Publish(Report(run.Id, "evaluator-model-discovered", evaluator, 66, at.AddSeconds(4)));
        await bus.Publish(Report("no-such-run", "lineage-model-discovered", first, 5, at));
        var shown = await Eventually.Get(() => app.Http.GetFromJsonAsync<HarvestRun>($"/runs/{run.Id}")!,
            r => r!.Consumers.Count == 2 && r.Consumers.Sum(c => c.Stored) == 133, "the reports to be kept");
        await bus.Publish(Report(run.Id, "lineage-model-discovered", first, 40, at.AddSeconds(2))); // late, and lower
        await bus.Publish(Report(run.Id, "evaluator-model-discovered", evaluator, 66, at.AddSeconds(4))); // again
        await Task.Delay(500);
        shown = (await app.Http.GetFromJsonAsync<HarvestRun>($"/runs/{run.Id}"))!;

        Assert.Collection(shown.Consumers,
            c => Assert.Equal(("evaluator-model-discovered", 66L, 67L, (DateTimeOffset?)null), (c.Name, c.Stored, c.Published, c.CaughtUpAt)),
            c => Assert.Equal(("lineage-model-discovered", 67L, 67L, (DateTimeOffset?)at.AddSeconds(9)), (c.Name, c.Stored, c.Published, c.CaughtUpAt)));
        Assert.Equal(shown.Consumers, Assert.Single(await app.Http.GetFromJsonAsync<List<HarvestRun>>("/runs") ?? [], r => r.Id == run.Id).Consumers);
        Assert.Equal(404, (int)(await app.Http.GetAsync("/runs/no-such-run")).StatusCode);
    }

    static HarvestRunProgress Report(string runId, string queue, Guid instance, long stored, DateTimeOffset lastStoredAt) => new()
    {
        RunId = runId, Consumer = queue, MessageType = nameof(ModelDiscovered), Instance = instance, Stored = stored,
        LastStoredAt = lastStoredAt, ReportedAt = lastStoredAt.AddMilliseconds(300),
    };
}
