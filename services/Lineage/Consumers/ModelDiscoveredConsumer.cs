using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Consumers;

/// <summary>
/// Applies the model to the graph, then stores it as the graph keeps it (<see cref="ModelIntake"/>): under
/// the id's first spelling, with the links the graph refused kept apart. Redelivery and replays change
/// nothing; an older revision arriving late is ignored; a model whose id the graph cannot take is logged
/// and not stored (there is nothing to store, so the message is not retried).
/// </summary>
public sealed class ModelDiscoveredConsumer(GraphState state, ModelIntake intake, IDocumentCollection<StoredModel> models, ILogger<ModelDiscoveredConsumer> logger)
    : IConsumer<ModelDiscovered>
{
    public async Task Consume(ConsumeContext<ModelDiscovered> context)
    {
        await state.Ready.WaitAsync(context.CancellationToken);
        var message = context.Message;
        var stored = await models.GetAsync(state.Graph.DisplayId(message.Id) ?? message.Id, context.CancellationToken);
        if (stored?.LastModified is { } known && message.LastModified is { } arriving && arriving < known)
        {
            logger.LogInformation("Ignored {ModelId} at {Arriving}: already have the revision of {Known}", message.Id, arriving, known);
            return;
        }

        if (intake.Apply(StoredModel.From(message, stored?.LeaderboardTypeLabel)) is { } applied)
        {
            await models.UpsertAsync(applied.Record.Id, applied.Record, context.CancellationToken);
        }
    }
}
