using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace OpenAccess.ServiceDefaults.Messaging.Envelope;

/// <summary>
/// A MassTransit JSON envelope whose message is kept as the bytes it came in (<see cref="MessageJson"/>), so a consumer's message
/// is deserialized once, straight from them. <see cref="Message"/>, the message as MassTransit's own envelope holds it (a
/// <see cref="JsonElement"/>), is parsed only when something asks for it: a forward, a redelivery, a request for a JSON object.
/// </summary>
public sealed class ReadOnceEnvelope : MessageEnvelope
{
    JsonElement? message;

    public string? MessageId { get; set; }
    public string? RequestId { get; set; }
    public string? CorrelationId { get; set; }
    public string? ConversationId { get; set; }
    public string? InitiatorId { get; set; }
    public string? SourceAddress { get; set; }
    public string? DestinationAddress { get; set; }
    public string? ResponseAddress { get; set; }
    public string? FaultAddress { get; set; }
    public string[]? MessageType { get; set; }
    public DateTime? ExpirationTime { get; set; }
    public DateTime? SentTime { get; set; }
    public Dictionary<string, object?>? Headers { get; set; }
    public HostInfo? Host { get; set; }

    /// <summary>The UTF-8 JSON of the envelope's <c>message</c>: a slice of the body as received, valid while its delivery is.</summary>
    public ReadOnlyMemory<byte> MessageJson { get; set; }

    // Over a copy: the element may go on in a message forwarded or scheduled after the delivery's buffer is returned.
    public object? Message => message ??= JsonDocument.Parse(MessageJson.ToArray()).RootElement;
}
