using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Consumers;

/// <summary>
/// Keeps the latest revision's profile inputs, computes its access profile and publishes <see cref="AccessProfileUpdated"/>
/// when the profile changed. Idempotent: a redelivery stores and publishes nothing; late older revisions are ignored.
/// </summary>
public sealed class ModelDiscoveredConsumer(
    IDocumentCollection<ModelResources> models,
    IDocumentCollection<StoredAccessProfile> profiles,
    AccessProfileCalculator calculator,
    EvaluatorCatalogues catalogues,
    EvaluatorOptions options,
    ILogger<ModelDiscoveredConsumer> logger) : IConsumer<ModelDiscovered>
{
    public async Task Consume(ConsumeContext<ModelDiscovered> context)
    {
        var incoming = ModelResources.From(context.Message);
        var ct = context.CancellationToken;
        var stored = await models.GetAsync(incoming.Id, ct);
        if (stored?.LastModified is { } known && incoming.LastModified is { } arriving && arriving < known)
        {
            logger.LogInformation("Ignored {ModelId} at {Arriving}: already have the revision of {Known}", incoming.Id, arriving, known);
            return;
        }

        await models.UpsertAsync(incoming.Id, incoming, ct);

        var profile = calculator.Calculate(incoming.ToProfileInput(), options.ProfileOptions);
        if (profile.Notes.Count > 0) logger.LogInformation("Profile of {ModelId}: {Notes}", incoming.Id, string.Join(" | ", profile.Notes));
        var hash = DocumentJson.Hash(DocumentJson.Serialize(profile));
        var previous = await profiles.GetAsync(incoming.Id, ct);
        if (previous?.ProfileHash != hash)
        {
            // Published before it is stored: a failure in between redelivers and publishes again under the same message id,
            // which a subscriber recognises; storing first could lose the event for good.
            var h100 = catalogues.Gpus.All.FirstOrDefault(g => g.Id == AccessProfileUpdatedMapper.H100Id);
            var updated = AccessProfileUpdatedMapper.From(profile, incoming.Revision, h100, options.OverheadFraction);
            await context.Publish(updated, c => c.MessageId = MessageIds.From(nameof(AccessProfileUpdated), incoming.Id, incoming.Revision, hash));
        }

        await profiles.UpsertAsync(incoming.Id, new StoredAccessProfile
        {
            ModelId = incoming.Id,
            Revision = incoming.Revision,
            LastModified = incoming.LastModified,
            ProfileHash = hash,
            Profile = profile,
        }, ct);
    }
}
