using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Inference;
using OpenAccess.Lineage.Storage;

namespace OpenAccess.LineageTools.Evaluation;

/// <summary>
/// Recovery as the running service does it, for the evaluation's <c>--through-service</c>: each model's record as the snapshot
/// holds it, a hidden model's with its declaration gone (its <c>base_model:</c> tags, <c>cardData.base_model</c> and the card's
/// front-matter keys), is mapped by the Harvester (<see cref="HubModelMapper"/>: the card's mentions read at intake), written
/// and read back as the JSON the bus carries, taken in by Lineage (<see cref="StoredModel.From"/>, <see cref="ModelIntake"/>:
/// the graph and the card mention table), and recovered by <see cref="InferredParents"/> over the graph. A model known by id
/// only goes in as a record of its id and its declared tags.
/// </summary>
public static class ServiceIntake
{
    static readonly JsonSerializerOptions Bus = ContractJson.Default.Options;

    public static InferenceResult Recover(IReadOnlyList<CrawlModel> population, IReadOnlySet<string> hidden) => Run(population, hidden).Result;

    /// <summary>The service's state after the intake and one recovery run, and that run's result.</summary>
    public static (GraphState State, InferenceResult Result) Run(IReadOnlyList<CrawlModel> population, IReadOnlySet<string> hidden, LineageOptions? options = null)
    {
        options ??= new LineageOptions();
        var state = new GraphState(options);
        var intake = new ModelIntake(state, options, TimeProvider.System, NullLogger<ModelIntake>.Instance);
        foreach (var model in population)
        {
            using var record = JsonDocument.Parse(RecordOf(model, hidden.Contains(model.Model.Id)).ToJsonString());
            var mapped = HubModelMapper.Map(record.RootElement);
            if (mapped.Model is not { } discovered) throw new InvalidOperationException($"{model.Model.Id}: the Harvester refused the record: {mapped.Error}");
            var onBus = JsonSerializer.Deserialize<ModelDiscovered>(JsonSerializer.Serialize(discovered, Bus), Bus)!;
            intake.Apply(StoredModel.From(onBus, null));
        }
        state.MarkReady();
        var recovery = new InferredParents(state, options, TimeProvider.System, NullLogger<InferredParents>.Instance);
        recovery.Refresh();
        return (state, recovery.LastResult!);
    }

    /// <summary>The record the Harvester reads: the snapshot's, or for a model known by id only, its id and declared tags.</summary>
    public static JsonObject RecordOf(CrawlModel model, bool hide)
    {
        if (model.Record is null)
            return new JsonObject
            {
                ["id"] = model.Model.Id,
                ["tags"] = new JsonArray(hide ? [] : [.. model.Declared.Select(d => (JsonNode)$"base_model:{d.Relation.ToString().ToLowerInvariant()}:{d.Id}")]),
            };
        var record = JsonNode.Parse(model.Record)!.AsObject();
        if (!hide) return record;
        if (record["tags"] is JsonArray tags)
            record["tags"] = new JsonArray([.. tags.Where(t => t?.GetValue<string>().StartsWith("base_model:", StringComparison.Ordinal) != true).Select(t => t?.DeepClone())]);
        if (record["cardData"] is JsonObject cardData)
        {
            cardData.Remove("base_model");
            cardData.Remove("base_model_relation");
        }
        if (model.Card is not null) record["card"] = CardDeclaration.Without(model.Card);
        return record;
    }
}
