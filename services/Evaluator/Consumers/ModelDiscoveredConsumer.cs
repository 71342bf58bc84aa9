using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Consumers;

/// <summary>Keeps the latest revision's profile inputs (parameter counts, config, licence). Idempotent; late older revisions are ignored.</summary>
public sealed class ModelDiscoveredConsumer(IDocumentCollection<ModelResources> models, ILogger<ModelDiscoveredConsumer> logger) : IConsumer<ModelDiscovered>
{
    public async Task Consume(ConsumeContext<ModelDiscovered> context)
    {
        var incoming = ModelResources.From(context.Message);
        var stored = await models.GetAsync(incoming.Id, context.CancellationToken);
        if (stored?.LastModified is { } known && incoming.LastModified is { } arriving && arriving < known)
        {
            logger.LogInformation("Ignored {ModelId} at {Arriving}: already have the revision of {Known}", incoming.Id, arriving, known);
            return;
        }

        await models.UpsertAsync(incoming.Id, incoming, context.CancellationToken);
    }
}
