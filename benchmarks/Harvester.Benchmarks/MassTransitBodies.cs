using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Publishing;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Harvester.Benchmarks;

/// <summary>
/// The snapshot's <c>ModelDiscovered</c> events under the import's message ids, and the bodies MassTransit's serializer writes
/// for them (the bus must be configured first, as it sets the serializer's options); without <c>keepEvents</c> the bodies only.
/// </summary>
public static class MassTransitBodies
{
    public static async Task<(List<OutgoingMessage> Bodies, List<OutgoingEvent<ModelDiscovered>> Events)> BuildAsync(string snapshot, Uri sourceAddress, Uri destinationAddress, bool keepEvents = true)
    {
        var messages = new List<OutgoingMessage>();
        var events = new List<OutgoingEvent<ModelDiscovered>>();
        var arena = new BodyArena();
        await foreach (var record in SnapshotFileReader.ReadAsync(snapshot, SnapshotFormat.Jsonl, "synthetic", CancellationToken.None))
        {
            if (record.Model?.Model is not { } model) continue;
            var messageId = MessageIds.From(nameof(ModelDiscovered), model.Id, ModelFingerprint.Of(model));
            if (keepEvents) events.Add(new OutgoingEvent<ModelDiscovered>(messageId, model));
            messages.Add(new OutgoingMessage(messageId, arena.Copy(MassTransitEnvelope.SerializeWithMassTransit(messageId, MassTransit.NewId.NextGuid(), DateTime.UtcNow, model, sourceAddress, destinationAddress))));
        }

        return (messages, events);
    }
}
