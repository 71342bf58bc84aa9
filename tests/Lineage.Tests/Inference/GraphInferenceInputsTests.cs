using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Inference;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>Recovery reading the graph's arrays in place answers as recovery over the same models given as records.</summary>
public sealed class GraphInferenceInputsTests
{
    static readonly DateTimeOffset Day0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void In_place_over_the_graph_gives_the_links_of_the_same_models_as_records()
    {
        var graph = new LineageGraph();
        LineageModel[] models =
        [
            new() { Id = "google/gemma-7b", Author = "google", CreatedAt = Day0, ModelType = "gemma" },
            new() { Id = "google/gemma-7b-it", Author = "google", CreatedAt = Day0.AddDays(1), ModelType = "gemma", Parents = [new("google/gemma-7b", BaseModelRelation.Finetune)] },
            // Declares a parent the graph has never seen (a pending node): declared, so no inferred parent; the pending node is no candidate.
            new() { Id = "x/gemma-7b-it-GGUF", Author = "x", CreatedAt = Day0.AddDays(2), ModelType = "gemma", Parents = [new("ghost/never-seen", BaseModelRelation.Quantized)] },
            new() { Id = "PrunaAI/google-gemma-7b-it-AWQ-4bit-smashed", Author = "PrunaAI", CreatedAt = Day0.AddDays(3), ModelType = "gemma" },
            new() { Id = "y/never-seen-GGUF", Author = "y", CreatedAt = Day0.AddDays(4), ModelType = "gemma" },
            new() { Id = "z/gemma-7b-it-4bit-GGUF", Author = "z", CreatedAt = Day0.AddDays(5), Architectures = ["GemmaForCausalLM"] },
        ];
        foreach (var model in models) graph.Upsert(model);
        var records = models.Select(m => new InferenceModel
        {
            Id = m.Id, Author = m.Author, CreatedAt = m.CreatedAt, ModelType = m.ModelType, DeclaredParents = m.Parents.Select(p => p.Id).ToList(),
        }).ToList();

        var inPlace = GraphInferenceInputs.RunOver(graph, new ParentInference());
        var fromRecords = new ParentInference().Run(records);

        Assert.Equal(fromRecords.Links.Select(Describe), inPlace.Links.Select(Describe));
        Assert.Contains(inPlace.Links, l => l.ChildId == "PrunaAI/google-gemma-7b-it-AWQ-4bit-smashed" && l.ParentId == "google/gemma-7b-it");
        Assert.DoesNotContain(inPlace.Links, l => l.ChildId == "x/gemma-7b-it-GGUF" || l.ParentId == "ghost/never-seen");
        // A class name (GemmaForCausalLM) is no model type: the in-place inputs leave it out as the records do.
        Assert.Contains(inPlace.Links, l => l.ChildId == "z/gemma-7b-it-4bit-GGUF" && l.Evidence.All(e => e.Source != EvidenceSource.ModelType));
    }

    static string Describe(InferredLink link) =>
        $"{link.ChildId} -> {link.ParentId} {link.Kind} {link.Confidence} " + string.Join(" | ", link.Evidence.Select(e => e.Detail));
}
