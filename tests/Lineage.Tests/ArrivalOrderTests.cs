using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests;

public sealed class ArrivalOrderTests
{
    [Fact]
    public void Children_arriving_before_their_parents_give_the_same_graph()
    {
        var inOrder = HubSnapshot.Graph();
        var shuffled = HubSnapshot.Models.ToArray();
        new Random(20250422).Shuffle(shuffled);
        var outOfOrder = HubSnapshot.Graph(shuffled);

        Assert.Equal(GraphFingerprint.Of(inOrder, HubSnapshot.Models), GraphFingerprint.Of(outOfOrder, HubSnapshot.Models));
        // The shuffle really put children first: most models were pending parents when they arrived.
        var position = shuffled.Select((m, i) => (m.Id, i)).ToDictionary(p => p.Id, p => p.i);
        Assert.True(shuffled.Count(m => m.Parents.Any(p => position.TryGetValue(p.Id, out var at) && at > position[m.Id])) > 100);
    }

    [Fact]
    public void A_parent_arriving_late_resolves_and_its_children_join_the_family()
    {
        var graph = HubSnapshot.Graph();
        var llamaBefore = graph.GetFamilySize("meta-llama/Llama-2-7b")!.Derivatives;
        var waiting = graph.GetDescendants("inceptionai/jais-adapted-7b-chat", new DescendantQuery { Limit = 1000 })!;
        Assert.True(graph.GetModel("inceptionai/jais-adapted-7b-chat")!.Pending);
        Assert.Empty(graph.GetModel("linagora/Labess-7b-chat")!.Families);
        graph.TakeChangedFamilies();

        // The crawl lost this model's metadata; its id and its parent are all a consumer would need.
        var result = graph.Upsert(new LineageModel
        {
            Id = "inceptionai/jais-adapted-7b-chat",
            Author = "inceptionai",
            Parents = [new BaseModelLink("inceptionai/jais-adapted-7b", BaseModelRelation.Finetune)],
        });

        Assert.Equal(UpsertOutcome.Added, result.Outcome);
        Assert.Equal(llamaBefore + 1 + waiting.TotalMatching, graph.GetFamilySize("meta-llama/Llama-2-7b")!.Derivatives);
        Assert.Equal(["meta-llama/Llama-2-7b"], graph.GetModel("linagora/Labess-7b-chat")!.Families);
        var depths = graph.GetDescendants("meta-llama/Llama-2-7b", new DescendantQuery { Limit = 1000 })!.Items.ToDictionary(i => i.Id, i => i.Depth);
        Assert.Equal(CrawlFixture.Rows.Single(r => r.ModelId == "linagora/Labess-7b-chat").Depth, depths["linagora/Labess-7b-chat"]);
        Assert.Equal(["meta-llama/Llama-2-7b"], graph.TakeChangedFamilies());
    }

    [Fact]
    public void A_duplicate_changes_nothing_and_says_so()
    {
        var graph = HubSnapshot.Graph();
        var before = GraphFingerprint.Of(graph, HubSnapshot.Models);
        var version = graph.Version;
        graph.TakeChangedFamilies();

        var outcomes = HubSnapshot.Models.Select(m => graph.Upsert(m with { Tags = m.Tags.ToList() }).Outcome).Distinct();

        Assert.Equal([UpsertOutcome.Unchanged], outcomes);
        Assert.Equal(version, graph.Version);
        Assert.Empty(graph.TakeChangedFamilies());
        Assert.Equal(before, GraphFingerprint.Of(graph, HubSnapshot.Models));
    }

    [Fact]
    public void New_downloads_are_an_update_that_changes_no_family()
    {
        var graph = HubSnapshot.Graph();
        graph.TakeChangedFamilies();
        var meditron = HubSnapshot.Model("epfl-llm/meditron-7b");

        var result = graph.Upsert(meditron with { Downloads = meditron.Downloads + 1 });

        Assert.Equal(UpsertOutcome.Updated, result.Outcome);
        Assert.Equal(meditron.Downloads + 1, graph.GetModel("epfl-llm/meditron-7b")!.Downloads);
        Assert.Empty(graph.TakeChangedFamilies());
    }
}
