using OpenAccess.Contracts;

namespace OpenAccess.Lineage.Inference;

/// <summary>
/// What recovery reads, model by model, by position: read in place from whatever holds the models (a list of
/// <see cref="InferenceModel"/>, or the graph's own arrays: <see cref="GraphInferenceInputs"/>), so a run over the service's
/// graph copies no model out of it. A position may hold no model (the graph's pending parents): recovery skips it.
/// </summary>
public abstract class InferenceInputs
{
    /// <summary>Positions, models or not.</summary>
    public abstract int Count { get; }

    public virtual bool IsModel(int i) => true;

    public abstract string Id(int i);
    public abstract string? Author(int i);

    /// <summary>Creation time in UTC ticks; 0 when undated.</summary>
    public abstract long CreatedTicks(int i);

    /// <summary>The config's <c>model_type</c> (lower case on the Hub), where known.</summary>
    public abstract string? ModelType(int i);

    public virtual ConfigShape? Shape(int i) => null;
    /// <summary>The Hub models the model's card names (<see cref="InferenceModel.CardMentions"/>); empty when none or no card.</summary>
    public virtual IReadOnlyList<ModelMention> CardMentions(int i) => [];
    public virtual string? AdapterBaseModel(int i) => null;

    /// <summary>Whether the model declares any parent (then it gets no inferred one).</summary>
    public abstract bool DeclaresParents(int i);

    /// <summary>Adds the positions of the declared parents that are here to <paramref name="into"/>.</summary>
    public abstract void DeclaredParents(int i, List<int> into);

    /// <summary>The position of the model an id names, case aside (the first spelling given); -1 when no model here has it.</summary>
    public abstract int Find(string id);

    public static InferenceInputs Of(IReadOnlyList<InferenceModel> models) => new ListInputs(models);

    sealed class ListInputs : InferenceInputs
    {
        readonly IReadOnlyList<InferenceModel> models;
        readonly Dictionary<string, int> byId;

        public ListInputs(IReadOnlyList<InferenceModel> models)
        {
            this.models = models;
            byId = new Dictionary<string, int>(models.Count, StringComparer.OrdinalIgnoreCase);
            // An id given twice (in two spellings) keeps its first entry, as the graph keeps the first spelling.
            for (var i = 0; i < models.Count; i++) byId.TryAdd(models[i].Id, i);
        }

        public override int Count => models.Count;
        public override string Id(int i) => models[i].Id;
        public override string? Author(int i) => models[i].Author;
        public override long CreatedTicks(int i) => models[i].CreatedAt?.UtcTicks ?? 0;
        public override string? ModelType(int i) => models[i].ModelType;
        public override ConfigShape? Shape(int i) => models[i].Shape;
        public override IReadOnlyList<ModelMention> CardMentions(int i) => models[i].CardMentions;
        public override string? AdapterBaseModel(int i) => models[i].AdapterBaseModel;
        public override bool DeclaresParents(int i) => models[i].DeclaredParents.Count > 0;

        public override void DeclaredParents(int i, List<int> into)
        {
            foreach (var id in models[i].DeclaredParents)
                if (byId.TryGetValue(id, out var p)) into.Add(p);
        }

        public override int Find(string id) => byId.TryGetValue(id, out var i) ? i : -1;
    }
}
