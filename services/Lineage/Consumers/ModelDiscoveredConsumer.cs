using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Consumers;

/// <summary>
/// Stores the model and applies it to the graph. Redelivery and replays change nothing; an older revision
/// arriving late is ignored; a refused link (self-parent, cycle) is logged and the rest of the model kept.
/// </summary>
public sealed class ModelDiscoveredConsumer(GraphState state, IDocumentCollection<StoredModel> models, ILogger<ModelDiscoveredConsumer> logger)
    : IConsumer<ModelDiscovered>
{
    public async Task Consume(ConsumeContext<ModelDiscovered> context)
    {
        await state.Ready.WaitAsync(context.CancellationToken);
        var message = context.Message;
        var stored = await models.GetAsync(message.Id, context.CancellationToken);
        if (stored?.LastModified is { } known && message.LastModified is { } arriving && arriving < known)
        {
            logger.LogInformation("Ignored {ModelId} at {Arriving}: already have the revision of {Known}", message.Id, arriving, known);
            return;
        }

        var model = StoredModel.From(message, stored?.LeaderboardTypeLabel);
        if (!await models.UpsertAsync(model.Id, model, context.CancellationToken))
        {
            return;
        }

        var result = state.Upsert(model.ToGraphModel());
        foreach (var refused in result.Refused)
        {
            logger.LogWarning("Refused link {ModelId} → {ParentId} ({Relation}): {Reason}", model.Id, refused.ParentId, refused.Relation, refused.Reason);
        }
    }
}
