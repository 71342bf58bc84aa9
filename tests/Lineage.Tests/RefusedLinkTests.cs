using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests;

public sealed class RefusedLinkTests
{
    [Fact]
    public void A_self_parent_is_refused_and_the_other_parent_kept()
    {
        var graph = HubSnapshot.Graph();
        var fietje = HubSnapshot.Model("BramVanroy/fietje-2");

        var result = graph.Upsert(fietje with
        {
            Parents = [new BaseModelLink("BramVanroy/fietje-2", BaseModelRelation.Finetune), .. fietje.Parents],
        });

        var refused = Assert.Single(result.Refused);
        Assert.Equal("BramVanroy/fietje-2", refused.ParentId);
        Assert.Contains("own parent", refused.Reason);
        Assert.Equal(UpsertOutcome.Unchanged, result.Outcome);
        Assert.Equal([new BaseModelLink("microsoft/phi-2", BaseModelRelation.Finetune)], graph.GetModel("BramVanroy/fietje-2")!.Parents);
    }

    [Fact]
    public void A_link_closing_a_cycle_is_refused_and_the_rest_of_the_model_kept()
    {
        var graph = HubSnapshot.Graph();
        var llama = HubSnapshot.Model("meta-llama/Llama-2-7b");
        var familyBefore = graph.GetFamilySize("meta-llama/Llama-2-7b")!.Derivatives;

        // malhajar/meditron-7b-chat derives from epfl-llm/meditron-7b, which derives from Llama-2-7b.
        var result = graph.Upsert(llama with
        {
            Likes = llama.Likes + 1,
            Parents = [new BaseModelLink("malhajar/meditron-7b-chat", BaseModelRelation.Merge)],
        });

        var refused = Assert.Single(result.Refused);
        Assert.Equal("malhajar/meditron-7b-chat", refused.ParentId);
        Assert.Contains("cycle", refused.Reason);
        Assert.Equal(UpsertOutcome.Updated, result.Outcome);
        var model = graph.GetModel("meta-llama/Llama-2-7b")!;
        Assert.Equal(llama.Likes + 1, model.Likes);
        Assert.Empty(model.Parents);
        Assert.Equal(familyBefore, graph.GetFamilySize("meta-llama/Llama-2-7b")!.Derivatives);
    }

    [Fact]
    public void An_update_with_new_parents_replaces_the_old_links()
    {
        var graph = HubSnapshot.Graph();
        var apo = HubSnapshot.Model("rasyosef/phi-2-instruct-apo");
        var phiBefore = graph.GetChildrenCounts("microsoft/phi-2")!;
        var fietjeBefore = graph.GetChildrenCounts("BramVanroy/fietje-2")!;

        graph.Upsert(apo with { Parents = [new BaseModelLink("BramVanroy/fietje-2", BaseModelRelation.Adapter)] });

        Assert.Equal(phiBefore.Finetune - 1, graph.GetChildrenCounts("microsoft/phi-2")!.Finetune);
        Assert.Equal(fietjeBefore.Adapter + 1, graph.GetChildrenCounts("BramVanroy/fietje-2")!.Adapter);
        Assert.Equal([new BaseModelLink("microsoft/phi-2", BaseModelRelation.Finetune), new BaseModelLink("BramVanroy/fietje-2", BaseModelRelation.Adapter)],
            graph.GetAncestors("rasyosef/phi-2-instruct-apo")!.Paths.Single().Steps.Reverse());
        Assert.Equal(ModelKind.Adapter, graph.GetModel("rasyosef/phi-2-instruct-apo")!.Kind);
    }
}
