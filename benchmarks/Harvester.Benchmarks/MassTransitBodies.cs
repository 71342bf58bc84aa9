using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Formats;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Harvester.Benchmarks;

/// <summary>
/// The bodies MassTransit puts on the wire for the snapshot's <c>ModelDiscovered</c> events: its JSON envelope,
/// serialized with its own options (the bus must be configured first, as it adds the project's converters to them).
/// </summary>
public static class MassTransitBodies
{
    public static async Task<(List<OutgoingMessage> Bodies, List<ModelDiscovered> Models)> BuildAsync(string snapshot, Uri sourceAddress, Uri destinationAddress)
    {
        var messages = new List<OutgoingMessage>();
        var models = new List<ModelDiscovered>();
        var messageType = new[] { MessageUrn.ForTypeString<ModelDiscovered>() };
        await foreach (var record in SnapshotFileReader.ReadAsync(snapshot, SnapshotFormat.Jsonl, "synthetic", CancellationToken.None))
        {
            if (record.Model?.Model is not { } model) continue;
            var messageId = MessageIds.From(nameof(ModelDiscovered), model.Id, ModelFingerprint.Of(model));
            var envelope = new JsonMessageEnvelope
            {
                MessageId = messageId.ToString(),
                ConversationId = NewId.NextGuid().ToString(),
                SourceAddress = sourceAddress.ToString(),
                DestinationAddress = destinationAddress.ToString(),
                MessageType = messageType,
                Message = model,
                SentTime = DateTime.UtcNow,
                Headers = new Dictionary<string, object?>(),
                Host = MassTransit.Metadata.HostMetadataCache.Host,
            };
            models.Add(model);
            messages.Add(new OutgoingMessage(messageId.ToString(), JsonSerializer.SerializeToUtf8Bytes(envelope, SystemTextJsonMessageSerializer.Options)));
        }

        return (messages, models);
    }
}
