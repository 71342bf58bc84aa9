using System.Text.Json;
using OpenAccess.Testing;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>
/// A model or family asked for while the first start's import is still being stored answers a 404 that says so, as Fitting's
/// do (the shared <c>FirstStartImport</c>), and the plain 404 once every consumer stored it. The Harvester is a real HTTP server
/// here, answering runs in the shape its API gives them.
/// </summary>
public sealed class FirstStartNotFoundTests : IAsyncLifetime
{
    FakeHarvesterRuns harvester = null!;
    InMemoryLineageFactory factory = null!;
    HttpClient http = null!;

    public async ValueTask InitializeAsync()
    {
        harvester = await FakeHarvesterRuns.StartAsync();
        factory = new InMemoryLineageFactory(new Dictionary<string, string?> { ["OpenAccess:Lineage:HarvestRunsUrl"] = harvester.Url });
        http = factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        await harvester.DisposeAsync();
    }

    static string Run(string status, long stored, string? caughtUpAt) =>
        FakeHarvesterRuns.SnapshotRun(status, [("lineage-models-discovered", stored)], caughtUpAt);

    Task<JsonElement> NotFoundAsync(string path) => FakeHarvesterRuns.NotFoundAsync(http, path, TestContext.Current.CancellationToken);

    [Fact]
    public async Task While_the_import_is_being_stored_a_missing_model_or_family_says_so_with_the_progress()
    {
        harvester.Runs = Run("completed", stored: 731, caughtUpAt: null);

        foreach (var (path, what) in new[]
                 {
                     ("/models/google/gemma-7b", "model"), ("/models/google/gemma-7b/children", "model"), ("/models/google/gemma-7b/ancestors", "model"),
                     ("/families/google/gemma-7b", "family"), ("/families/google/gemma-7b/adoption", "family"),
                 })
        {
            var problem = await NotFoundAsync(path);
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.StartsWith($"No {what} 'google/gemma-7b' is known. The first start's import", detail);
            Assert.Contains("lineage-models-discovered 731 of 1,284", detail);
            Assert.EndsWith("yet: the first start's data is still arriving", problem.GetProperty("title").GetString());
            Assert.Equal("run-1", problem.GetProperty("firstStart").GetProperty("runId").GetString());
        }
    }

    [Fact]
    public async Task Once_every_consumer_stored_the_import_a_missing_model_is_a_plain_404()
    {
        harvester.Runs = Run("completed", stored: 1284, caughtUpAt: DateTimeOffset.UtcNow.ToString("O"));

        var problem = await NotFoundAsync("/models/google/gemma-7b");

        Assert.Equal("No model 'google/gemma-7b' is known.", problem.GetProperty("detail").GetString());
        Assert.Equal("Model not found", problem.GetProperty("title").GetString());
        Assert.False(problem.TryGetProperty("firstStart", out _));
    }
}
