using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Tests;

public sealed class MergeTests
{
    // A real merge with two parents (shared data, hf-api/model-info-merge-two-parents.json).
    private static readonly LineageModel Opus = new()
    {
        Id = "OrionLLM/GRM-2.6-Opus",
        Author = "OrionLLM",
        CreatedAt = DateTimeOffset.Parse("2026-05-07T23:25:30Z"),
        ParameterCount = 27_781_427_952,
        Parents =
        [
            new BaseModelLink("OrionLLM/GRM-2.6-Plus", BaseModelRelation.Merge),
            new BaseModelLink("rico03/Qwen3.6-27B-Claude-Opus-Reasoning-Distilled", BaseModelRelation.Merge),
        ],
    };

    [Fact]
    public void A_merge_waits_on_two_pending_parents()
    {
        var graph = new LineageGraph();

        graph.Upsert(Opus);

        var model = graph.GetModel(Opus.Id)!;
        Assert.Equal(ModelKind.Merge, model.Kind);
        Assert.Empty(model.Families);
        Assert.Equal(1, graph.GetChildrenCounts("OrionLLM/GRM-2.6-Plus")!.Merge);
        Assert.True(graph.GetModel("OrionLLM/GRM-2.6-Plus")!.Pending);
        Assert.Equal(2, graph.GetAncestors(Opus.Id)!.Paths.Count(p => p.EndsAtPendingModel));
        Assert.Equal(1, graph.ModelCount);
    }

    [Fact]
    public void A_merge_of_two_families_counts_in_both()
    {
        var graph = new LineageGraph();
        graph.Upsert(Opus);
        // For this test the two parents arrive as base models (their own parents left out).
        foreach (var parent in Opus.Parents)
            graph.Upsert(new LineageModel { Id = parent.Id, Author = parent.Id.Split('/')[0], CreatedAt = Opus.CreatedAt!.Value.AddMonths(-1) });

        Assert.Equal(["OrionLLM/GRM-2.6-Plus", "rico03/Qwen3.6-27B-Claude-Opus-Reasoning-Distilled"], graph.GetModel(Opus.Id)!.Families);
        foreach (var parent in Opus.Parents)
        {
            var family = graph.GetFamilySize(parent.Id)!;
            Assert.Equal(1, family.Derivatives);
            Assert.Equal(1, family.ByRelation[BaseModelRelation.Merge]);
            Assert.Equal([0, 1], graph.GetAdoptionSeries(parent.Id)!.Months.Select(m => m.CumulativeDerivatives));
        }
    }
}
