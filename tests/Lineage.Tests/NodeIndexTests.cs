using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Tests;

/// <summary>
/// The graph finds a model by its id in any case, keeping the spelling first seen, over a table that grows many times
/// (<see cref="NodeIndex"/>, since session 13 in place of a dictionary), and never finds an id it has not seen.
/// </summary>
public sealed class NodeIndexTests
{
    [Fact]
    public void Every_id_is_found_in_any_case_after_the_table_grew_and_an_unseen_id_is_not()
    {
        var graph = new LineageGraph();
        // Newest first: each model names its parent (in another case) before the parent arrives.
        for (var i = 4_999; i >= 0; i--)
            graph.Upsert(new LineageModel { Id = $"Org{i % 37}/Model-{i}", Author = $"Org{i % 37}", Parents = i == 0 ? [] : [new BaseModelLink($"org{(i - 1) / 2 % 37}/MODEL-{(i - 1) / 2}", BaseModelRelation.Finetune)] });

        Assert.Equal(5_000, graph.ModelCount);
        for (var i = 0; i < 5_000; i++)
        {
            // The spelling first seen is the parent's link's, except for the models nothing names (from 2,500 on).
            Assert.Equal(i >= 2_500 ? $"Org{i % 37}/Model-{i}" : $"org{i % 37}/MODEL-{i}", graph.DisplayId($"ORG{i % 37}/model-{i}"));
            Assert.Null(graph.DisplayId($"Org{i % 37}/Model-{i}-x"));
        }
        // Each parent was named in another case before it arrived: one node each, every link kept.
        Assert.Equal(4_999, graph.GetFamilySize("org0/model-0")!.Derivatives);
    }
}
