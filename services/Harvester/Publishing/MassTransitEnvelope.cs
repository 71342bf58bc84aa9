using System.Text.Json;
using MassTransit;
using MassTransit.Metadata;
using MassTransit.Serialization;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// The body MassTransit puts on the wire for a published message: its JSON envelope, serialized with its own options
/// (configure the bus first: it adds the project's converters to them).
/// </summary>
public static class MassTransitEnvelope
{
    public static byte[] Serialize<T>(Guid messageId, T message, Uri sourceAddress, Uri destinationAddress) where T : class =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonMessageEnvelope
        {
            MessageId = messageId.ToString(),
            ConversationId = NewId.NextGuid().ToString(),
            SourceAddress = sourceAddress.ToString(),
            DestinationAddress = destinationAddress.ToString(),
            MessageType = [MessageUrn.ForTypeString<T>()],
            Message = message,
            SentTime = DateTime.UtcNow,
            Headers = new Dictionary<string, object?>(),
            Host = HostMetadataCache.Host,
        }, SystemTextJsonMessageSerializer.Options);
}
