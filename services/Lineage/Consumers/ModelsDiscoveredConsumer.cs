using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Replicas;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Consumers;

/// <summary>
/// Applies each model of a <see cref="ModelsDiscovered"/> to the graph, in the order received, then stores them as the graph keeps them
/// (<see cref="ModelIntake"/>: under the id's first spelling, with the links the graph refused kept apart) in one write.
/// Redelivery and replays change nothing; an older revision arriving late, in the batch or after it, is ignored; a model
/// whose id the graph cannot take is logged and not stored (there is nothing to store, so the message is not retried).
/// The revision and the leaderboard label the message does not carry are the intake's (<see cref="ModelRevisions"/>), which holds
/// what the store holds, so nothing is read back from the store. A record
/// that cannot be processed goes to <c>_error</c> and the rest of its message is stored (<see cref="ModelBatchConsumption"/>).
/// The read replicas are then told which records were stored (<see cref="ReplicaNotifier"/>).
/// </summary>
public sealed class ModelsDiscoveredConsumer(
    GraphState state, ModelIntake intake, IDocumentCollection<StoredModel> models, ReplicaNotifier replicas, ILogger<ModelsDiscoveredConsumer> logger)
    : IConsumer<ModelsDiscovered>
{
    public Task Consume(ConsumeContext<ModelsDiscovered> context) =>
        ModelBatchConsumption.ConsumeAsync(context, messages => ConsumeAsync(messages, context.CancellationToken), logger);

    /// <summary>The work on one message's models, without MassTransit: what <see cref="Consume"/> runs (and the consumer benchmark times).</summary>
    public async Task ConsumeAsync(IReadOnlyList<ModelDiscovered> messages, CancellationToken cancellationToken)
    {
        await state.Ready.WaitAsync(cancellationToken);

        // Keyed by the graph's spelling, which the store uses: the last record of a model in the batch is the one stored. A
        // later message of the batch is checked against an earlier one's revision, which the intake keeps as it applies it.
        var applied = new Dictionary<string, StoredModel>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var known = intake.Revisions.Of(state.Graph.FindNode(message.Id));
            if (known.LastModified is { } knownAt && message.LastModified is { } arriving && arriving < knownAt)
            {
                logger.LogInformation("Ignored {ModelId} at {Arriving}: already have the revision of {Known}", message.Id, arriving, knownAt);
                continue;
            }

            if (intake.Apply(StoredModel.From(message, known.LeaderboardTypeLabel)) is { } result)
            {
                applied[result.Record.Id] = result.Record;
            }
        }

        await models.UpsertManyAsync([.. applied.Select(p => (p.Key, p.Value))], cancellationToken);
        await replicas.StoredAsync(applied.Keys, [], cancellationToken);
    }
}
