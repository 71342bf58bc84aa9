using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;

namespace OpenAccess.ServiceDefaults.Messaging.Envelope;

/// <summary>
/// Reads a MassTransit JSON envelope in one pass over its bytes: each envelope field deserialized as MassTransit's serializer
/// deserializes it (the same options, so the same converters), and the <c>message</c> only skipped, its bytes kept for the
/// consumer's type. MassTransit's own reader parses the whole body into a document, deserializes the envelope from it (the
/// message into a second document) and then the message from that.
/// </summary>
public static class EnvelopeReader
{
    static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <exception cref="SerializationException">The body is not a JSON envelope with a message.</exception>
    /// <exception cref="JsonException">The body is not JSON, or a field is not of its type.</exception>
    public static ReadOnceEnvelope Read(ReadOnlyMemory<byte> body, JsonSerializerOptions options)
    {
        var reader = new Utf8JsonReader(body.Span, ReaderOptions);
        if (!reader.Read() || reader.TokenType == JsonTokenType.Null)
        {
            throw new SerializationException("Message envelope not found");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"The message envelope is a JSON {reader.TokenType}, not an object.");
        }

        var envelope = new ReadOnceEnvelope();
        var hasMessage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (Is(name, "message"))
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    hasMessage = false;
                    continue;
                }

                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                envelope.MessageJson = body[start..(int)reader.BytesConsumed];
                hasMessage = true;
            }
            else if (Is(name, "messageId")) envelope.MessageId = Text(ref reader, options);
            else if (Is(name, "requestId")) envelope.RequestId = Text(ref reader, options);
            else if (Is(name, "correlationId")) envelope.CorrelationId = Text(ref reader, options);
            else if (Is(name, "conversationId")) envelope.ConversationId = Text(ref reader, options);
            else if (Is(name, "initiatorId")) envelope.InitiatorId = Text(ref reader, options);
            else if (Is(name, "sourceAddress")) envelope.SourceAddress = Text(ref reader, options);
            else if (Is(name, "destinationAddress")) envelope.DestinationAddress = Text(ref reader, options);
            else if (Is(name, "responseAddress")) envelope.ResponseAddress = Text(ref reader, options);
            else if (Is(name, "faultAddress")) envelope.FaultAddress = Text(ref reader, options);
            else if (Is(name, "messageType")) envelope.MessageType = JsonSerializer.Deserialize<string[]>(ref reader, options);
            else if (Is(name, "expirationTime")) envelope.ExpirationTime = JsonSerializer.Deserialize<DateTime?>(ref reader, options);
            else if (Is(name, "sentTime")) envelope.SentTime = JsonSerializer.Deserialize<DateTime?>(ref reader, options);
            else if (Is(name, "headers")) envelope.Headers = JsonSerializer.Deserialize<Dictionary<string, object?>>(ref reader, options);
            else if (Is(name, "host")) envelope.Host = JsonSerializer.Deserialize<HostInfo>(ref reader, options);
            else reader.Skip(); // a field this MassTransit does not know: ignored, as its serializer ignores it
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("The message envelope ends before its closing brace.");
        }

        if (reader.Read())
        {
            throw new JsonException("The body goes on after its message envelope.");
        }

        return hasMessage ? envelope : throw new SerializationException("The message envelope holds no message");
    }

    // MassTransit's options read property names case-insensitively.
    static bool Is(string name, string field) => string.Equals(name, field, StringComparison.OrdinalIgnoreCase);

    static string? Text(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : JsonSerializer.Deserialize<string>(ref reader, options);
}
