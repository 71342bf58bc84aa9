using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Inference;

/// <summary>What recovery reads of the graph: every known model's id, author, creation time, model type and declared parents.</summary>
public static class GraphInferenceInputs
{
    /// <summary>
    /// One read of the graph under its read lock. The graph keeps one architecture per model (<c>model_type</c>, else the first
    /// of <c>config.architectures</c>); only a <c>model_type</c> is given as one: on the Hub those are lower-case
    /// (<c>llama</c>, <c>gemma2</c>) and class names are not (<c>LlamaForCausalLM</c>), so a class name is left out rather than
    /// compared with a model type it would never equal.
    /// </summary>
    public static List<InferenceModel> Of(LineageGraph graph) => graph.Read(() =>
    {
        var models = new List<InferenceModel>(graph.ModelCount);
        for (var node = 0; node < graph.Count; node++)
        {
            if (!graph.Known[node]) continue;
            var architecture = graph.ArchitectureOf[node] >= 0 ? graph.Architectures[graph.ArchitectureOf[node]] : null;
            var parents = graph.ParentLinks[node] is { } links ? links.Select(l => graph.Ids[LineageGraph.NodeOf(l)]).ToArray() : [];
            models.Add(new InferenceModel
            {
                Id = graph.Ids[node],
                Author = graph.AuthorOf[node] >= 0 ? graph.Authors[graph.AuthorOf[node]] : null,
                CreatedAt = graph.CreatedAt(node),
                ModelType = architecture is not null && !architecture.Any(char.IsUpper) ? architecture : null,
                DeclaredParents = parents,
            });
        }
        return models;
    });
}
