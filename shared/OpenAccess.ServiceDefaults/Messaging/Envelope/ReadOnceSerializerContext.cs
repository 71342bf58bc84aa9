using System.Diagnostics.CodeAnalysis;
using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using MassTransit.Serialization;

namespace OpenAccess.ServiceDefaults.Messaging.Envelope;

/// <summary>
/// MassTransit's <see cref="SystemTextJsonSerializerContext"/> for a <see cref="ReadOnceEnvelope"/>: the message is deserialized
/// from the bytes it came in rather than from a parsed document; everything else (headers, ids, addresses, what a forward or a
/// redelivery writes) is MassTransit's own.
/// </summary>
public sealed class ReadOnceSerializerContext(IObjectDeserializer objectDeserializer, JsonSerializerOptions options, ContentType contentType, ReadOnceEnvelope envelope)
    : BaseSerializerContext(objectDeserializer, new EnvelopeMessageContext(envelope, objectDeserializer), envelope.MessageType ?? [])
{
    public override bool TryGetMessage<T>(out T? message) where T : class
    {
        if (typeof(T) == typeof(JsonObject))
        {
            message = JsonObject.Create((JsonElement)envelope.Message!) as T;
            return message != null;
        }

        if (IsSupportedMessageType<T>())
        {
            message = JsonSerializer.Deserialize<T>(envelope.MessageJson.Span, options);
            return message != null;
        }

        message = null;
        return false;
    }

    public override bool TryGetMessage(Type messageType, [NotNullWhen(true)] out object? message)
    {
        message = JsonSerializer.Deserialize(envelope.MessageJson.Span, messageType, options);
        return message != null;
    }

    public override IMessageSerializer GetMessageSerializer() => new SystemTextJsonBodyMessageSerializer(envelope, contentType, options);

    public override IMessageSerializer GetMessageSerializer<T>(MessageEnvelope messageEnvelope, T message)
    {
        var serializer = new SystemTextJsonBodyMessageSerializer(messageEnvelope, contentType, options);
        serializer.Overlay(message);
        return serializer;
    }

    public override IMessageSerializer GetMessageSerializer(object message, string[] messageTypes) =>
        new SystemTextJsonBodyMessageSerializer(new JsonMessageEnvelope(this, message, messageTypes), contentType, options, messageTypes);

    public override Dictionary<string, object> ToDictionary<T>(T? message) where T : class =>
        message == null
            ? new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase)
            : JsonSerializer.SerializeToElement(message, options).Deserialize<Dictionary<string, object>>()!;
}
