using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>
/// The graph with inferred links (<see cref="GraphState.GraphWithInferredLinks"/>): only links at or above the threshold, only
/// for models that declare no parent, a declared link always winning, never a cycle; the declared graph never changes.
/// </summary>
public sealed class InferredLinkGraphTests
{
    static readonly DateTimeOffset Created = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    static LineageModel Model(string id, int days, params string[] parents) => new()
    {
        Id = id, Author = id.Split('/')[0], CreatedAt = Created.AddDays(days),
        Parents = [.. parents.Select(p => new BaseModelLink(p, BaseModelRelation.Finetune))],
    };

    static InferredLink Link(string child, string parent, double confidence) =>
        new(child, parent, BaseModelRelation.Quantized, confidence, [new InferenceEvidence(EvidenceSource.Name, "test")]);

    static int Derivatives(LineageGraph graph, string family) => graph.GetFamilySize(family)?.Derivatives ?? -1;

    [Fact]
    public void Only_links_at_or_above_the_threshold_count_and_only_for_models_that_declare_no_parent()
    {
        var state = new GraphState(new LineageOptions());
        state.Upsert(Model("org/base", 0));
        state.Upsert(Model("org/other", 0));
        state.Upsert(Model("a/base-GGUF", 5));
        state.Upsert(Model("b/base-AWQ", 6));
        state.Upsert(Model("c/base-it", 7, "org/other"));

        state.SetInferredLinks([Link("a/base-GGUF", "org/base", 0.8), Link("b/base-AWQ", "org/base", 0.79), Link("c/base-it", "org/base", 0.95)], 0.8);

        var inferred = state.GraphWithInferredLinks!;
        Assert.Equal(1, Derivatives(inferred, "org/base"));
        Assert.Equal(1, Derivatives(inferred, "org/other")); // its declared derivative stays
        Assert.Equal(1, state.InferredLinkCount);
        Assert.Equal(0, Derivatives(state.Graph, "org/base"));

        // The next run drops the link and finds the other one above the threshold: the graph follows.
        state.SetInferredLinks([Link("b/base-AWQ", "org/base", 0.9)], 0.8);
        Assert.Equal(1, Derivatives(inferred, "org/base"));
        Assert.Empty(inferred.GetModel("a/base-GGUF")!.Parents); // a root again
        Assert.Equal("org/base", inferred.GetModel("b/base-AWQ")!.Parents.Single().Id);
    }

    [Fact]
    public void A_declared_link_that_would_close_a_cycle_through_an_inferred_one_wins()
    {
        var state = new GraphState(new LineageOptions());
        state.Upsert(Model("org/base", 0));
        state.Upsert(Model("org/base-v2", 10));
        state.SetInferredLinks([Link("org/base-v2", "org/base", 0.9)], 0.8);
        Assert.Equal(1, Derivatives(state.GraphWithInferredLinks!, "org/base"));

        // org/base now declares org/base-v2 as its parent: with the inferred link that is a cycle, and the declared link stays.
        state.Upsert(Model("org/base", 0, "org/base-v2"));

        var inferred = state.GraphWithInferredLinks!;
        Assert.Equal("org/base-v2", inferred.GetModel("org/base")!.Parents.Single().Id);
        Assert.Empty(inferred.GetModel("org/base-v2")!.Parents);
        Assert.Equal(1, Derivatives(inferred, "org/base-v2"));
        Assert.Equal(0, state.InferredLinkCount);

        // The next run offers the same link again: still refused, as it would close the cycle.
        state.SetInferredLinks([Link("org/base-v2", "org/base", 0.9)], 0.8);
        Assert.Equal(0, state.InferredLinkCount);
        Assert.Empty(inferred.GetModel("org/base-v2")!.Parents);
    }

    [Fact]
    public void A_model_that_comes_to_declare_a_parent_loses_its_inferred_one_at_once()
    {
        var state = new GraphState(new LineageOptions());
        state.Upsert(Model("org/base", 0));
        state.Upsert(Model("org/other", 0));
        state.Upsert(Model("a/base-GGUF", 5));
        state.SetInferredLinks([Link("a/base-GGUF", "org/base", 0.9)], 0.8);

        state.Upsert(Model("a/base-GGUF", 5, "org/other"));

        var inferred = state.GraphWithInferredLinks!;
        Assert.Equal(0, Derivatives(inferred, "org/base"));
        Assert.Equal(1, Derivatives(inferred, "org/other"));
        Assert.Equal(0, state.InferredLinkCount);
    }

    [Fact]
    public void The_kept_record_still_classifies_a_model_given_an_inferred_parent_as_the_declared_graph_would()
    {
        // The extra graphs keep each record with its tags cut to the one that sets a kind: a conversational model given an
        // inferred fine-tune link is a chat model there, as it would be with the same link declared.
        var options = new LineageOptions();
        var state = new GraphState(options);
        var declared = new GraphState(options);
        var tags = new[] { "region:us", "safetensors", "conversational", "license:mit" };
        state.Upsert(Model("org/base", 0));
        state.Upsert(Model("a/assistant", 5) with { Tags = tags, LastModified = Created.AddDays(9), PipelineTag = "text-generation", Architectures = ["LlamaForCausalLM", "Other"] });
        declared.Upsert(Model("org/base", 0));
        declared.Upsert(Model("a/assistant", 5, "org/base") with { Tags = tags, LastModified = Created.AddDays(9), PipelineTag = "text-generation", Architectures = ["LlamaForCausalLM", "Other"] });

        state.SetInferredLinks([new InferredLink("a/assistant", "org/base", BaseModelRelation.Finetune, 0.9, [new InferenceEvidence(EvidenceSource.Name, "test")])], 0.8);

        var inferred = state.GraphWithInferredLinks!.GetModel("a/assistant")!;
        var expected = declared.Graph.GetModel("a/assistant")!;
        Assert.Equal(ModelKind.ChatInstruct, inferred.Kind);
        Assert.Equal((expected.Kind, expected.Architecture, expected.PipelineTag, expected.CreatedAt, expected.ParameterCount, declared.Graph.ObservedAt),
            (inferred.Kind, inferred.Architecture, inferred.PipelineTag, inferred.CreatedAt, inferred.ParameterCount, state.GraphWithInferredLinks.ObservedAt));
    }
}
