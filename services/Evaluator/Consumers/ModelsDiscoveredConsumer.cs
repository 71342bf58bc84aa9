using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Consumers;

/// <summary>
/// Keeps the latest revision's profile inputs of each model of a <see cref="ModelsDiscovered"/>, computes its access profile and publishes
/// <see cref="AccessProfileUpdated"/> when the profile changed; the inputs and the profiles are each stored in one write a
/// message. Idempotent: a redelivery stores and publishes nothing; older revisions, late or earlier in the same message, are ignored.
/// A record that cannot be processed goes to <c>_error</c> and the rest of its message is stored (<see cref="ModelBatchConsumption"/>).
/// </summary>
public sealed class ModelsDiscoveredConsumer(
    IDocumentCollection<ModelResources> models,
    IDocumentCollection<StoredAccessProfile> profiles,
    AccessProfileCalculator calculator,
    EvaluatorCatalogues catalogues,
    EvaluatorOptions options,
    ILogger<ModelsDiscoveredConsumer> logger) : IConsumer<ModelsDiscovered>
{
    public Task Consume(ConsumeContext<ModelsDiscovered> context) =>
        ModelBatchConsumption.ConsumeAsync(context, batch => ConsumeAsync(context, batch, context.CancellationToken), logger);

    async Task ConsumeAsync(ConsumeContext context, IReadOnlyList<ModelDiscovered> batch, CancellationToken ct)
    {
        var newest = NewestOfEachId(batch);
        var stored = await models.GetManyAsync(newest.Keys, ct);
        var accepted = new List<ModelResources>(newest.Count);
        foreach (var (id, message) in newest)
        {
            var incoming = ModelResources.From(message);
            if (stored.GetValueOrDefault(id)?.LastModified is { } known && incoming.LastModified is { } arriving && arriving < known)
            {
                logger.LogInformation("Ignored {ModelId} at {Arriving}: already have the revision of {Known}", id, arriving, known);
                continue;
            }

            accepted.Add(incoming);
        }

        await models.UpsertManyAsync([.. accepted.Select(a => (a.Id, a))], ct);

        // Only the hash of each stored profile is read: a profile is kilobytes of JSON, and only whether it changed matters here.
        var previous = await profiles.GetFieldManyAsync([.. accepted.Select(a => a.Id)], nameof(StoredAccessProfile.ProfileHash), ct);
        var h100 = catalogues.Gpus.All.FirstOrDefault(g => g.Id == AccessProfileUpdatedMapper.H100Id);
        var computed = new List<(string, StoredAccessProfile)>(accepted.Count);
        var publishing = new List<Task>();
        foreach (var incoming in accepted)
        {
            var profile = calculator.Calculate(incoming.ToProfileInput(), options.ProfileOptions);
            // Debug, not information: most Hub models have notes (no config, a size from the name), the profile serves them, and a
            // line a model was 100,000 lines of console for an import of 100,000.
            if (profile.Notes.Count > 0 && logger.IsEnabled(LogLevel.Debug)) logger.LogDebug("Profile of {ModelId}: {Notes}", incoming.Id, string.Join(" | ", profile.Notes));
            var hash = DocumentJson.HashOf(profile);
            if (previous.GetValueOrDefault(incoming.Id) != hash)
            {
                // Published before it is stored: a failure in between redelivers and publishes again under the same message id,
                // which a subscriber recognises; storing first could lose the event for good. Each is published in the batch's
                // context, so it carries the batch's trace and conversation. The batch's token goes with it: when the
                // connection drops, MassTransit cancels it, and a publish left waiting for its confirm must end, or the endpoint
                // waits for this batch for ever and never consumes again (docs/faults.md, found 3).
                var updated = AccessProfileUpdatedMapper.From(profile, incoming.Revision, h100, options.OverheadFraction);
                publishing.Add(context.Publish(updated, c => c.MessageId = MessageIds.From(nameof(AccessProfileUpdated), incoming.Id, incoming.Revision, hash), ct));
            }

            computed.Add((incoming.Id, new StoredAccessProfile
            {
                ModelId = incoming.Id,
                Revision = incoming.Revision,
                LastModified = incoming.LastModified,
                ProfileHash = hash,
                Profile = profile,
            }));
        }

        // The batch's events are sent at once and their confirms awaited together: one wait for the broker a batch, where
        // awaiting each in turn waited a broker round trip a model, and the batch's models waited in line behind them.
        await Task.WhenAll(publishing);
        await profiles.UpsertManyAsync(computed, ct);
    }

    /// <summary>The last model of each id in the batch, unless an earlier one is of a later revision.</summary>
    static Dictionary<string, ModelDiscovered> NewestOfEachId(IReadOnlyList<ModelDiscovered> batch)
    {
        var newest = new Dictionary<string, ModelDiscovered>(batch.Count, StringComparer.Ordinal);
        foreach (var message in batch)
        {
            if (newest.TryGetValue(message.Id, out var seen)
                && seen.LastModified is { } known && message.LastModified is { } arriving && arriving < known)
            {
                continue;
            }

            newest[message.Id] = message;
        }

        return newest;
    }
}
