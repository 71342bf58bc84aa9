using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Publishing;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>
/// Publishes every model of a snapshot again from the harvester's bus, as a replay would: in ModelsDiscovered cut as the harvester
/// cuts them (<see cref="ModelBatchWriter.BatchEvents"/>), under the harvester's deterministic message ids.
/// </summary>
public static class HarvesterReplay
{
    public static async Task RepublishAsync(IServiceProvider harvester, string snapshotPath, int? modelsPerBatchEvent = null)
    {
        var bus = harvester.GetRequiredService<IBus>();
        var options = harvester.GetRequiredService<PublishOptions>();
        var cut = new PublishOptions { ModelsPerBatchEvent = modelsPerBatchEvent ?? options.ModelsPerBatchEvent, ModelsPerBatchEventBytes = options.ModelsPerBatchEventBytes };
        var events = new List<OutgoingEvent<ModelDiscovered>>();
        await using (var file = File.OpenRead(snapshotPath))
        {
            await foreach (var line in SnapshotReader.ReadAsync(file, CancellationToken.None))
            {
                var model = line.Result.Model!;
                events.Add(new(MessageIds.From(nameof(ModelDiscovered), model.Id, ModelFingerprint.Of(model)), model));
            }
        }

        foreach (var batch in ModelBatchWriter.BatchEvents(events, [.. events.Select(_ => 1)], cut))
        {
            await bus.Publish(batch.Message, c => c.MessageId = batch.MessageId);
        }
    }
}
