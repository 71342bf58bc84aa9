using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Replicas;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Consumers;

/// <summary>
/// Keeps each model's leaderboard results for the benchmark-delta statistics, and its leaderboard type
/// label (chat, fine-tuned…) for the new-models-by-type series. Idempotent. The read replicas are then told what was stored.
/// </summary>
public sealed class BenchmarkUpdatedConsumer(
    GraphState state, ModelIntake intake, IDocumentCollection<BenchmarkUpdated> benchmarks, IDocumentCollection<StoredModel> models, ReplicaNotifier replicas)
    : IConsumer<BenchmarkUpdated>
{
    public async Task Consume(ConsumeContext<BenchmarkUpdated> context)
    {
        await state.Ready.WaitAsync(context.CancellationToken);
        var result = context.Message;
        var key = BenchmarkKeys.Of(result);
        if (await benchmarks.GetAsync(key, context.CancellationToken) is { EvaluatedAt: { } known } && result.EvaluatedAt is { } arriving && arriving < known)
        {
            return;
        }

        await benchmarks.UpsertAsync(key, result, context.CancellationToken);
        state.SetBenchmark(key, result);

        // The leaderboard may spell an id otherwise than the Hub: the record is stored under the graph's spelling.
        var id = state.Graph.DisplayId(result.ModelId) ?? result.ModelId;
        string[] labelledIds = [];
        if (result.ModelTypeLabel is { } label && await models.GetAsync(id, context.CancellationToken) is { } model)
        {
            // Named to the replicas even when the label was stored already: by a delivery that ended before its notice.
            labelledIds = [model.Id];
            if (model.LeaderboardTypeLabel != label)
            {
                var labelled = model with { LeaderboardTypeLabel = label };
                await models.UpsertAsync(labelled.Id, labelled, context.CancellationToken);
                var node = state.Upsert(labelled.ToGraphModel()).Node;
                intake.Revisions.SetLabel(node, label);
            }
        }

        await replicas.StoredAsync(labelledIds, [key], context.CancellationToken);
    }
}
