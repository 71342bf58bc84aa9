using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Consumers;

/// <summary>Stores the model and its parent links. Redelivery and replays change nothing; an older revision arriving late is ignored.</summary>
public sealed class ModelDiscoveredConsumer(IDocumentCollection<LineageModel> models, ILogger<ModelDiscoveredConsumer> logger) : IConsumer<ModelDiscovered>
{
    public async Task Consume(ConsumeContext<ModelDiscovered> context)
    {
        var incoming = LineageModel.From(context.Message);
        var stored = await models.GetAsync(incoming.Id, context.CancellationToken);
        if (stored?.LastModified is { } known && incoming.LastModified is { } arriving && arriving < known)
        {
            logger.LogInformation("Ignored {ModelId} at {Arriving}: already have the revision of {Known}", incoming.Id, arriving, known);
            return;
        }

        if (await models.UpsertAsync(incoming.Id, incoming, context.CancellationToken))
        {
            logger.LogDebug("Stored {ModelId} with {ParentCount} parent(s)", incoming.Id, incoming.Parents.Count);
        }
    }
}
