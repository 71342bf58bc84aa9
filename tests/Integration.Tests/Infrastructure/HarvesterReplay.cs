using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>Publishes every model of a snapshot again from the harvester's bus, as a replay would, with the same deterministic message ids.</summary>
public static class HarvesterReplay
{
    public static async Task RepublishAsync(IServiceProvider harvester, string snapshotPath)
    {
        var bus = harvester.GetRequiredService<IBus>();
        await using var file = File.OpenRead(snapshotPath);
        await foreach (var line in SnapshotReader.ReadAsync(file, CancellationToken.None))
        {
            var model = line.Result.Model!;
            var id = MessageIds.From(nameof(ModelDiscovered), model.Id, ModelFingerprint.Of(model));
            await bus.Publish(model, c => c.MessageId = id);
        }
    }
}
