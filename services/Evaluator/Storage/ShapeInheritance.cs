using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Storage;

/// <summary>
/// A fine-tune, adapter or quantization without a usable config of its own takes its nearest ancestor's: the parents it
/// declares (fine-tune, adapter and quantized links; a merge has several parents of possibly different shapes and takes
/// none), then theirs, level by level, to <c>OpenAccess:Evaluator:MaxAncestorDepth</c> levels. The first ancestor at the
/// nearest level whose config gives a shape wins, in the order the parents are declared. When none does, the model keeps
/// why: the first root reached and what became of its config.json.
/// </summary>
/// <param name="models">The store, for ancestors not in <paramref name="known"/>.</param>
/// <param name="limits">The plausible ranges a config's numbers are checked against.</param>
/// <param name="maxDepth">Levels of parents walked at most.</param>
/// <param name="known">Models already in hand (a batch being stored), looked up before the store.</param>
public sealed class ShapeInheritance(IDocumentCollection<ModelResources> models, InputLimits limits, int maxDepth, Dictionary<string, ModelResources?> known)
{
    static readonly HashSet<BaseModelRelation> Inheriting = [BaseModelRelation.Finetune, BaseModelRelation.Adapter, BaseModelRelation.Quantized];

    public bool HasOwnShape(ModelResources model) =>
        model.Config is { } config && ModelShapeMapper.Map(config, model.ModelType, limits).Shape is not null;

    /// <summary>The model with <see cref="ModelResources.Inherited"/> and <see cref="ModelResources.ShapeGap"/> set anew.</summary>
    public async Task<ModelResources> ResolveAsync(ModelResources model, CancellationToken cancellationToken)
    {
        if (HasOwnShape(model)) return model with { Inherited = null, ShapeGap = null };
        if (model.BaseModels.Count == 0) return model with { Inherited = null, ShapeGap = Gap(model.Id, model) };

        var visited = new HashSet<string>(StringComparer.Ordinal) { model.Id };
        var level = Parents(model, visited);
        string? gap = null;
        for (var depth = 1; depth <= maxDepth && level.Count > 0; depth++)
        {
            await LoadAsync(level, cancellationToken);
            var next = new List<string>();
            foreach (var id in level)
            {
                var ancestor = known[id];
                if (ancestor is null)
                {
                    gap ??= $"no config.json harvested for {id}: the model itself was not harvested";
                    continue;
                }

                if (HasOwnShape(ancestor)) return model with { Inherited = new InheritedShape(id, ancestor.Config!, ancestor.ModelType, ancestor.ConfigFile is { Harvested: true } file ? file.Source : null), ShapeGap = null };
                if (ancestor.BaseModels.Count == 0) gap ??= Gap(id, ancestor);
                next.AddRange(Parents(ancestor, visited));
            }

            level = next;
        }

        gap ??= level.Count > 0
            ? $"no ancestor within {maxDepth} levels (OpenAccess:Evaluator:MaxAncestorDepth) has a config with layers and heads"
            : "no fine-tune, adapter or quantization ancestor has a config with layers and heads";
        return model with { Inherited = null, ShapeGap = gap };
    }

    /// <summary>Why the root gives no shape, naming the config.json fields the KV cache needs that it lacks.</summary>
    string Gap(string root, ModelResources model)
    {
        var missing = string.Join(", ", MissingFields(model));
        return model.ConfigFile switch
        {
            { Harvested: true, Source: { } source } => $"the config.json of {root} ({source}) lacks what the KV cache needs: {missing}",
            { Harvested: true } => $"the config.json of {root} lacks what the KV cache needs: {missing}",
            { Failure: { } failure } => $"no config.json harvested for {root}: {failure}; without it the KV cache lacks the fields {missing}",
            _ => $"no config.json harvested for {root}: not fetched (the Harvester fetches a root's config.json after a run whose models name it as their parent); without it the KV cache lacks the fields {missing}",
        };
    }

    /// <summary>What the shape mapper could not find in the model's config (the Hub's summary when no file was harvested).</summary>
    IReadOnlyList<string> MissingFields(ModelResources model) =>
        ModelShapeMapper.Map(model.Config ?? new ModelConfigSummary(), model.ModelType, limits).MissingFields;

    static List<string> Parents(ModelResources model, HashSet<string> visited) =>
        [.. model.BaseModels.Where(b => Inheriting.Contains(b.Relation) && visited.Add(b.Id)).Select(b => b.Id)];

    async Task LoadAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var missing = ids.Where(id => !known.ContainsKey(id)).ToList();
        if (missing.Count == 0) return;
        var found = await models.GetManyAsync(missing, cancellationToken);
        foreach (var id in missing) known[id] = found.GetValueOrDefault(id);
    }
}
