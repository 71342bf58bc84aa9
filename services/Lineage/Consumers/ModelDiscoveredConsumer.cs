using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Replicas;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Consumers;

/// <summary>
/// Applies each model of a batch to the graph, in the order received, then stores them as the graph keeps them
/// (<see cref="ModelIntake"/>: under the id's first spelling, with the links the graph refused kept apart) in one write.
/// Redelivery and replays change nothing; an older revision arriving late, in the batch or after it, is ignored; a model
/// whose id the graph cannot take is logged and not stored (there is nothing to store, so the message is not retried).
/// The stored records are read once a batch, for the revision and the leaderboard label the message does not carry. A message
/// that cannot be processed goes to <c>_error</c> and the rest of its batch is stored (<see cref="BatchConsumption"/>).
/// The read replicas are then told which records were stored (<see cref="ReplicaNotifier"/>).
/// </summary>
public sealed class ModelDiscoveredConsumer(
    GraphState state, ModelIntake intake, IDocumentCollection<StoredModel> models, ReplicaNotifier replicas, ILogger<ModelDiscoveredConsumer> logger)
    : IConsumer<Batch<ModelDiscovered>>
{
    public Task Consume(ConsumeContext<Batch<ModelDiscovered>> context) =>
        BatchConsumption.ConsumeAsync(context, batch => ConsumeAsync(batch, context.CancellationToken), logger, nameof(ModelDiscoveredConsumer));

    async Task ConsumeAsync(IReadOnlyList<ConsumeContext<ModelDiscovered>> batch, CancellationToken cancellationToken)
    {
        await state.Ready.WaitAsync(cancellationToken);
        var messages = batch.Select(m => m.Message).ToList();
        var stored = await models.GetManyAsync(messages.Select(m => state.Graph.DisplayId(m.Id) ?? m.Id).ToHashSet(StringComparer.Ordinal), cancellationToken);

        // Keyed by the graph's spelling, which the store uses: a later message of the batch sees what an earlier one applied.
        var applied = new Dictionary<string, StoredModel>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var key = state.Graph.DisplayId(message.Id) ?? message.Id;
            var known = applied.GetValueOrDefault(key) ?? stored.GetValueOrDefault(key);
            if (known?.LastModified is { } knownAt && message.LastModified is { } arriving && arriving < knownAt)
            {
                logger.LogInformation("Ignored {ModelId} at {Arriving}: already have the revision of {Known}", message.Id, arriving, knownAt);
                continue;
            }

            if (intake.Apply(StoredModel.From(message, known?.LeaderboardTypeLabel)) is { } result)
            {
                applied[result.Record.Id] = result.Record;
            }
        }

        await models.UpsertManyAsync([.. applied.Select(p => (p.Key, p.Value))], cancellationToken);
        await replicas.StoredAsync(applied.Keys, [], cancellationToken);
    }
}
