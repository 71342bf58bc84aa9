using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>
/// The card-mention table holds a mentioned id that names a known model as the graph spells it in the graph's own string
/// (since session 13: a deserialised event gives every mention a string of its own, about a million distinct ones at 2 M
/// models), and gives the mentions back as written: an id in another case stays as written.
/// </summary>
public sealed class CardMentionSpellingTests
{
    [Fact]
    public void A_mention_spelt_as_the_graph_spells_a_model_shares_its_string_and_every_mention_reads_back_as_written()
    {
        var state = new GraphState(new LineageOptions());
        state.Upsert(new LineageModel { Id = "Org/Base", Author = "Org" });
        state.Upsert(new LineageModel { Id = "org/other", Author = "org" });
        state.Upsert(new LineageModel { Id = "a/child", Author = "a" });
        var child = state.Graph.Read(() => state.Graph.Find("a/child"));

        // Each id a string of its own, as deserialising the event makes them.
        ModelMention[] mentions =
        [
            new(new string("Org/Base".AsSpan()), BaseModelRelation.Finetune),
            new(new string("ORG/OTHER".AsSpan()), null),
            new(new string("x/unknown".AsSpan()), null),
        ];
        state.CardMentions.Set(child, mentions);

        var read = state.CardMentions.Of(child);
        Assert.Equal(["Org/Base", "ORG/OTHER", "x/unknown"], read.Select(m => m.Id));
        Assert.Equal([BaseModelRelation.Finetune, null, null], read.Select(m => m.Derivation));
        Assert.Same(state.Graph.DisplayId("org/base"), read[0].Id);
        Assert.NotSame(mentions[0].Id, read[0].Id);
        Assert.Same(mentions[1].Id, read[1].Id); // another spelling: kept as written
    }
}
