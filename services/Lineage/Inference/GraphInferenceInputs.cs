using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Inference;

/// <summary>
/// Recovery's inputs read in place from the graph's arrays (ids, authors, creation times, architectures, parent links) and
/// the cards' mentions the intake kept by node (<see cref="CardMentionTable"/>): no model is copied out. Positions are the graph's nodes; a pending parent (named, never seen) is no model. Read it only under
/// the graph's read lock (<see cref="RunOver"/>), so no writer moves the arrays during the run.
/// </summary>
public sealed class GraphInferenceInputs : InferenceInputs
{
    readonly LineageGraph graph;
    readonly CardMentionTable? mentions;

    /// <summary>
    /// Per architecture of the graph's pool, whether it is a <c>model_type</c>. The graph keeps one architecture per model
    /// (<c>model_type</c>, else the first of <c>config.architectures</c>); on the Hub model types are lower-case (<c>llama</c>,
    /// <c>gemma2</c>) and class names are not (<c>LlamaForCausalLM</c>), so a class name is left out rather than compared with
    /// a model type it would never equal.
    /// </summary>
    readonly bool[] isModelType;

    GraphInferenceInputs(LineageGraph graph, CardMentionTable? mentions)
    {
        this.graph = graph;
        this.mentions = mentions;
        isModelType = new bool[graph.Architectures.Count];
        for (var a = 0; a < isModelType.Length; a++) isModelType[a] = !graph.Architectures[a]!.Any(char.IsUpper);
    }

    /// <summary>Runs recovery over the graph under its read lock: writers wait for the run, readers do not.</summary>
    public static InferenceResult RunOver(LineageGraph graph, ParentInference inference, CardMentionTable? mentions = null) =>
        graph.Read(() => inference.Run(new GraphInferenceInputs(graph, mentions)));

    public override int Count => graph.Count;
    public override bool IsModel(int i) => graph.Known[i];
    public override string Id(int i) => graph.Ids[i];
    public override string? Author(int i) => graph.AuthorOf[i] >= 0 ? graph.Authors[graph.AuthorOf[i]] : null;
    public override long CreatedTicks(int i) => graph.CreatedTicks[i];

    public override string? ModelType(int i) =>
        graph.ArchitectureOf[i] is var a and >= 0 && isModelType[a] ? graph.Architectures[a] : null;

    public override IReadOnlyList<ModelMention> CardMentions(int i) => mentions?.Of(i) ?? [];

    public override bool DeclaresParents(int i) => graph.ParentLinks[i] is not null;

    public override void DeclaredParents(int i, List<int> into)
    {
        if (graph.ParentLinks[i] is not { } links) return;
        foreach (var link in links) into.Add(LineageGraph.NodeOf(link));
    }

    public override int Find(string id) => graph.Find(id) is var node and >= 0 && graph.Known[node] ? node : -1;
}
