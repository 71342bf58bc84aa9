using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Replicas;

/// <summary>
/// A reader's only consumer, on its own queue (<see cref="ReplicaOptions.QueueName"/>): applies what the writer stored,
/// read back from the store, to this reader's graph, and marks the reader caught up when its own probe comes through.
/// Writes nothing. Idempotent: a record applied again, at start from the store and then from a notice queued meanwhile,
/// changes nothing.
/// </summary>
public sealed class ReplicaConsumer(
    GraphState state, ModelIntake intake, IDocumentCollection<StoredModel> models, IDocumentCollection<BenchmarkUpdated> benchmarks,
    ReplicaCatchUp catchUp) : IConsumer<LineageRecordsStored>, IConsumer<LineageReplicaProbe>
{
    public async Task Consume(ConsumeContext<LineageRecordsStored> context)
    {
        // Notices queued while the graph loads wait for it: the queue was bound before the load began, so none is missed.
        await state.Ready.WaitAsync(context.CancellationToken);
        var notice = context.Message;
        if (notice.ModelIds.Count > 0)
        {
            var stored = await models.GetManyAsync(notice.ModelIds.ToHashSet(StringComparer.Ordinal), context.CancellationToken);
            foreach (var id in notice.ModelIds.Distinct(StringComparer.Ordinal))
            {
                if (stored.TryGetValue(id, out var record))
                {
                    intake.Apply(record);
                }
            }
        }

        if (notice.BenchmarkKeys.Count > 0)
        {
            var results = await benchmarks.GetManyAsync(notice.BenchmarkKeys.ToHashSet(StringComparer.Ordinal), context.CancellationToken);
            foreach (var (key, result) in results)
            {
                state.SetBenchmark(key, result);
            }
        }
    }

    public Task Consume(ConsumeContext<LineageReplicaProbe> context)
    {
        catchUp.Arrived(context.Message);
        return Task.CompletedTask;
    }
}
