using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>
/// The extra graphs (with leaderboard links, with inferred links) are given a model again when its leaderboard or inferred link
/// changes. Since session 13 the record given is rebuilt from the declared graph and two bits a model (declares parents,
/// chat or instruct) instead of each record kept whole: a model there must be what the declared graph would hold were the link
/// declared, field for field, whatever its record carried (the kind set by a tag, by the name or by the leaderboard's label; an
/// author spelt in another case; no creation date; a class name as architecture), and a record whose declared parents were all
/// refused still declares them, so it takes no other link.
/// </summary>
public sealed class ExtraGraphRecordTests
{
    static readonly DateTimeOffset Created = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    static readonly LineageModel[] Records =
    [
        new() { Id = "org/base", Author = "org", CreatedAt = Created },
        new() { Id = "a/chat-by-tag", Author = "a", CreatedAt = Created.AddDays(1), Tags = ["region:us", "conversational", "license:mit"], Downloads = 7, Likes = 2 },
        new() { Id = "a/Helper-Chat-7b", Author = "a", CreatedAt = Created.AddDays(2), ModelType = "llama", ParameterCount = 7_000_000_000 },
        new() { Id = "a/labelled", Author = "a", CreatedAt = Created.AddDays(3), LeaderboardTypeLabel = "💬 chat models", PipelineTag = "text-generation" },
        new() { Id = "A2/plain", Author = "A2", CreatedAt = Created.AddDays(4), Architectures = ["MistralForCausalLM", "Other"], Downloads = 5, Likes = 3, LastModified = Created.AddDays(30) },
        new() { Id = "a2/second", Author = "a2", Tags = ["safetensors"], ModelType = "gemma2" },
        // Declares parents, all refused (an id the graph cannot take, itself): it keeps declaring them.
        new() { Id = "c/refused-only", Author = "c", CreatedAt = Created.AddDays(5), Parents = [new BaseModelLink("x/y/z", BaseModelRelation.Finetune), new BaseModelLink("c/refused-only", BaseModelRelation.Adapter)] },
    ];

    /// <summary>A second record of a model: no longer conversational, other counts.</summary>
    static readonly LineageModel Update = Records[1] with { Tags = ["region:us"], Downloads = 70, Likes = 20 };

    static GraphState Filled()
    {
        var state = new GraphState(new LineageOptions());
        foreach (var record in Records) state.Upsert(record);
        state.Upsert(Update);
        return state;
    }

    /// <summary>What a declared graph fed the same records holds of <paramref name="record"/> with org/base declared as its parent (none when the record declares its own).</summary>
    static ModelView Expected(LineageModel record, BaseModelRelation relation)
    {
        var declared = new LineageGraph();
        foreach (var r in Records.Append(Update))
            declared.Upsert(r.Id != record.Id || r.Parents.Count > 0 ? r : r with { Parents = [new BaseModelLink("org/base", relation)] });
        return declared.GetModel(record.Id)!;
    }

    static object Fields(ModelView m) =>
        (m.Id, m.Author, m.CreatedAt, m.Downloads, m.Likes, m.PipelineTag, m.Architecture, m.ParameterCount, m.Kind, string.Join(",", m.Parents.Select(p => $"{p.Id}:{p.Relation}")));

    static IEnumerable<LineageModel> Latest => Records.Skip(1).Select(r => r.Id == Update.Id ? Update : r);

    [Fact]
    public void A_model_given_an_inferred_parent_is_in_the_graph_with_inferred_links_as_the_declared_graph_would_hold_it_declared()
    {
        var state = Filled();
        state.SetInferredLinks([.. Latest.Select(r => new InferredLink(r.Id, "org/base", BaseModelRelation.Finetune, 0.9, [new InferenceEvidence(EvidenceSource.Name, "test")]))], 0.8);

        foreach (var record in Latest)
            Assert.Equal(Fields(Expected(record, BaseModelRelation.Finetune)), Fields(state.GraphWithInferredLinks!.GetModel(record.Id)!));
        Assert.Equal(Latest.Count() - 1, state.InferredLinkCount); // not the one whose declared parents were all refused

        // The next run finds none: each model is a root again, as its record makes it.
        state.SetInferredLinks([], 0.8);
        foreach (var record in Latest)
            Assert.Equal(Fields(state.Graph.GetModel(record.Id)!), Fields(state.GraphWithInferredLinks!.GetModel(record.Id)!));
    }

    [Fact]
    public void A_model_given_a_leaderboard_base_after_its_record_is_in_the_graph_with_leaderboard_links_as_the_declared_graph_would_hold_it_declared()
    {
        var state = Filled();
        foreach (var record in Latest)
            state.SetBenchmark($"{record.Id}|v2", new BenchmarkUpdated { ModelId = record.Id, Leaderboard = "open-llm-leaderboard", LeaderboardVersion = "v2", BaseModel = "org/base" });

        foreach (var record in Latest)
            Assert.Equal(Fields(Expected(record, BaseModelRelation.Finetune)), Fields(state.GraphWithLeaderboardLinks!.GetModel(record.Id)!));
    }
}
