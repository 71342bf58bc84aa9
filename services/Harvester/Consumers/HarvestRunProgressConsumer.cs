using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Consumers;

/// <summary>
/// Keeps each consumer's report on a run beside the run (<c>GET /runs/{id}</c> shows them). Idempotent: the counts are
/// absolute and the store keeps the highest of each process. A report on a run this harvester does not know is dropped.
/// </summary>
public sealed class HarvestRunProgressConsumer(IHarvestStore store, ILogger<HarvestRunProgressConsumer> logger) : IConsumer<HarvestRunProgress>
{
    public async Task Consume(ConsumeContext<HarvestRunProgress> context)
    {
        var report = context.Message;
        if (await store.GetRunAsync(report.RunId, context.CancellationToken) is null)
        {
            logger.LogDebug("Progress of {Consumer} on unknown run {RunId} dropped", report.Consumer, report.RunId);
            return;
        }

        await store.SaveRunProgressAsync(report, context.CancellationToken);
    }
}
