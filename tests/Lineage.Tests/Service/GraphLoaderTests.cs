using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>
/// Records stored before the graph's rules (a cycle, a second spelling of an id, an id no URL reaches, an
/// absurd date, a chain past the depth limit) are brought in line when the graph is loaded at start.
/// </summary>
public sealed class GraphLoaderTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    static StoredModel Record(string id, params string[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], CreatedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Parents = parents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune)).ToList(),
    };

    [Fact]
    public async Task Leaderboard_links_are_rebuilt_from_the_stored_results_at_start_and_tags_still_win()
    {
        var models = factory.Services.GetRequiredService<IDocumentCollection<StoredModel>>();
        var benchmarks = factory.Services.GetRequiredService<IDocumentCollection<BenchmarkUpdated>>();
        foreach (var record in (StoredModel[])[Record("org/base"), Record("org/other"), Record("someone/untagged"), Record("someone/tagged", "org/other")])
            await models.UpsertAsync(record.Id, record, CancellationToken.None);
        foreach (var id in (string[])["someone/untagged", "someone/tagged"])
        {
            var row = new BenchmarkUpdated { ModelId = id, Leaderboard = "open-llm-leaderboard", LeaderboardVersion = "v2", BaseModel = "org/base", Precision = "bfloat16" };
            await benchmarks.UpsertAsync(BenchmarkKeys.Of(row), row, CancellationToken.None);
        }

        var options = new LineageOptions();
        var state = new GraphState(options);
        var intake = new ModelIntake(state, options, TimeProvider.System, NullLogger<ModelIntake>.Instance);
        await new GraphLoader(state, intake, models, benchmarks, NullLogger<GraphLoader>.Instance).StartAsync(CancellationToken.None);

        Assert.Equal(["org/base"], state.GraphWithLeaderboardLinks!.GetModel("someone/untagged")!.Parents.Select(p => p.Id));
        Assert.Equal(["org/other"], state.GraphWithLeaderboardLinks!.GetModel("someone/tagged")!.Parents.Select(p => p.Id));
        Assert.Equal(1, state.GraphWithLeaderboardLinks!.GetFamilySize("org/base")!.Derivatives);
        Assert.Equal(0, state.Graph.GetFamilySize("org/base")!.Derivatives);
        Assert.Empty((await models.GetAsync("someone/untagged", CancellationToken.None))!.Parents); // the stored Hub record is not changed
    }

    [Fact]
    public async Task Old_records_are_loaded_as_the_graph_keeps_them_and_written_back()
    {
        var models = factory.Services.GetRequiredService<IDocumentCollection<StoredModel>>();
        var benchmarks = factory.Services.GetRequiredService<IDocumentCollection<BenchmarkUpdated>>();
        StoredModel[] old =
        [
            Record("old/a", "old/b"), Record("old/b", "old/a"),
            Record("Old/Dup"), Record("old/dup") with { Likes = 9 },
            Record("old/..") , Record("old/child", "old/..", "old/a"),
            Record("old/future") with { CreatedAt = new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero) },
            .. Enumerable.Range(0, 600).Select(i => Record($"old/deep{i:D3}", i == 0 ? [] : [$"old/deep{i - 1:D3}"])),
        ];
        foreach (var record in old) await models.UpsertAsync(record.Id, record, CancellationToken.None);

        var options = new LineageOptions();
        var state = new GraphState(options);
        var intake = new ModelIntake(state, options, TimeProvider.System, NullLogger<ModelIntake>.Instance);
        await new GraphLoader(state, intake, models, benchmarks, NullLogger<GraphLoader>.Instance).StartAsync(CancellationToken.None);

        // Records are read in id order: old/a first, so old/b's link back to it is the one refused.
        var a = (await models.GetAsync("old/a", CancellationToken.None))!;
        var b = (await models.GetAsync("old/b", CancellationToken.None))!;
        Assert.Equal(["old/b"], a.Parents.Select(p => p.Id));
        Assert.Empty(b.Parents);
        Assert.Contains("cycle", Assert.Single(b.RefusedParents).Reason);
        Assert.Empty(state.Graph.GetModel("old/b")!.Parents);

        Assert.Equal("Old/Dup", state.Graph.DisplayId("OLD/DUP"));
        Assert.Equal(0, state.Graph.GetModel("old/dup")!.Likes);
        Assert.Null(state.Graph.DisplayId("old/.."));
        var child = (await models.GetAsync("old/child", CancellationToken.None))!;
        Assert.Equal(["old/a"], child.Parents.Select(p => p.Id));
        Assert.Equal("old/..", Assert.Single(child.RefusedParents).ParentId);
        Assert.Null((await models.GetAsync("old/future", CancellationToken.None))!.CreatedAt);
        Assert.Null(state.Graph.GetModel("old/future")!.CreatedAt);

        var deep = (await models.GetAsync("old/deep257", CancellationToken.None))!;
        Assert.Empty(deep.Parents);
        Assert.Contains("over the limit of 256", Assert.Single(deep.RefusedParents).Reason);
        Assert.Equal(256, Assert.Single(state.Graph.GetAncestors("old/deep256")!.Paths).Steps.Count);
        Assert.True(state.Ready.IsCompletedSuccessfully);
    }
}
