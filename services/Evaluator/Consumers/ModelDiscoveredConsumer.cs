using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Consumers;

/// <summary>
/// Keeps the latest revision's profile inputs of each model of a batch, computes its access profile and publishes
/// <see cref="AccessProfileUpdated"/> when the profile changed; the inputs and the profiles are each stored in one write a
/// batch. Idempotent: a redelivery stores and publishes nothing; older revisions, late or earlier in the same batch, are ignored.
/// A message that cannot be processed goes to <c>_error</c> and the rest of its batch is stored (<see cref="BatchConsumption"/>).
/// </summary>
public sealed class ModelDiscoveredConsumer(
    IDocumentCollection<ModelResources> models,
    IDocumentCollection<StoredAccessProfile> profiles,
    AccessProfileCalculator calculator,
    EvaluatorCatalogues catalogues,
    EvaluatorOptions options,
    ILogger<ModelDiscoveredConsumer> logger) : IConsumer<Batch<ModelDiscovered>>
{
    public Task Consume(ConsumeContext<Batch<ModelDiscovered>> context) =>
        BatchConsumption.ConsumeAsync(context, batch => ConsumeAsync(batch, context.CancellationToken), logger, nameof(ModelDiscoveredConsumer));

    async Task ConsumeAsync(IReadOnlyList<ConsumeContext<ModelDiscovered>> batch, CancellationToken ct)
    {
        var newest = NewestOfEachId(batch);
        var stored = await models.GetManyAsync(newest.Keys, ct);
        var accepted = new List<(ConsumeContext<ModelDiscovered> Context, ModelResources Model)>(newest.Count);
        foreach (var (id, message) in newest)
        {
            var incoming = ModelResources.From(message.Message);
            if (stored.GetValueOrDefault(id)?.LastModified is { } known && incoming.LastModified is { } arriving && arriving < known)
            {
                logger.LogInformation("Ignored {ModelId} at {Arriving}: already have the revision of {Known}", id, arriving, known);
                continue;
            }

            accepted.Add((message, incoming));
        }

        await models.UpsertManyAsync([.. accepted.Select(a => (a.Model.Id, a.Model))], ct);

        // Only the hash of each stored profile is read: a profile is kilobytes of JSON, and only whether it changed matters here.
        var previous = await profiles.GetFieldManyAsync([.. accepted.Select(a => a.Model.Id)], nameof(StoredAccessProfile.ProfileHash), ct);
        var h100 = catalogues.Gpus.All.FirstOrDefault(g => g.Id == AccessProfileUpdatedMapper.H100Id);
        var computed = new List<(string, StoredAccessProfile)>(accepted.Count);
        var publishing = new List<Task>();
        foreach (var (message, incoming) in accepted)
        {
            var profile = calculator.Calculate(incoming.ToProfileInput(), options.ProfileOptions);
            // Debug, not information: most Hub models have notes (no config, a size from the name), the profile serves them, and a
            // line a model was 100,000 lines of console for an import of 100,000.
            if (profile.Notes.Count > 0 && logger.IsEnabled(LogLevel.Debug)) logger.LogDebug("Profile of {ModelId}: {Notes}", incoming.Id, string.Join(" | ", profile.Notes));
            var hash = DocumentJson.HashOf(profile);
            if (previous.GetValueOrDefault(incoming.Id) != hash)
            {
                // Published before it is stored: a failure in between redelivers and publishes again under the same message id,
                // which a subscriber recognises; storing first could lose the event for good. Each is published in its own
                // message's context, so it carries that model's trace and conversation. The batch's token goes with it: when the
                // connection drops, MassTransit cancels it, and a publish left waiting for its confirm must end, or the endpoint
                // waits for this batch for ever and never consumes again (docs/faults.md, found 3).
                var updated = AccessProfileUpdatedMapper.From(profile, incoming.Revision, h100, options.OverheadFraction);
                publishing.Add(message.Publish(updated, c => c.MessageId = AccessProfileUpdatedMapper.MessageId(incoming.Id, incoming.Revision, hash), ct));
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

    /// <summary>The last message of each id in the batch, unless an earlier one is of a later revision.</summary>
    static Dictionary<string, ConsumeContext<ModelDiscovered>> NewestOfEachId(IReadOnlyList<ConsumeContext<ModelDiscovered>> batch)
    {
        var newest = new Dictionary<string, ConsumeContext<ModelDiscovered>>(batch.Count, StringComparer.Ordinal);
        foreach (var message in batch)
        {
            if (newest.TryGetValue(message.Message.Id, out var seen)
                && seen.Message.LastModified is { } known && message.Message.LastModified is { } arriving && arriving < known)
            {
                continue;
            }

            newest[message.Message.Id] = message;
        }

        return newest;
    }
}
