using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MassTransit;
using MassTransit.Metadata;
using MassTransit.Serialization;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Publishing;

/// <summary>
/// The body MassTransit puts on the wire for a published message: its JSON envelope, byte for byte as its serializer writes
/// it (configure the bus first: that sets the serializer's options). The events the harvester publishes are written by
/// <see cref="ContractJson"/>'s generated code inside an envelope written field by field, a fifth of the CPU MassTransit's
/// own converters take for them (docs/harvester.md); a model's JSON is written once for both events that carry it, its batch's
/// and its own. <c>MassTransitEnvelopeTests</c> holds the two to the same bytes.
/// </summary>
public static class MassTransitEnvelope
{
    static readonly Lazy<byte[]> HostJson = new(() =>
    {
        using var document = JsonDocument.Parse(SerializeWithMassTransit(Guid.Empty, Guid.Empty, DateTime.UnixEpoch, new object(), new Uri("loopback://host"), new Uri("loopback://host")));
        return System.Text.Encoding.UTF8.GetBytes(document.RootElement.GetProperty("host").GetRawText()); // as MassTransit escaped it
    });

    public static byte[] Serialize<T>(Guid messageId, T message, Uri sourceAddress, Uri destinationAddress) where T : class =>
        Serialize(messageId, NewId.NextGuid(), DateTime.UtcNow, message, sourceAddress, destinationAddress);

    public static byte[] Serialize<T>(Guid messageId, Guid conversationId, DateTime sentTime, T message, Uri sourceAddress, Uri destinationAddress) where T : class
    {
        var options = SystemTextJsonMessageSerializer.Options;
        if (ContractJson.Default.GetTypeInfo(typeof(T)) is not JsonTypeInfo<T> typeInfo || options.WriteIndented)
        {
            return SerializeWithMassTransit(messageId, conversationId, sentTime, message, sourceAddress, destinationAddress);
        }

        var (buffer, writer) = Writer(ref writing, options);
        writer.WriteStartObject();
        writer.WriteString("messageId", messageId);
        writer.WriteNull("requestId");
        writer.WriteNull("correlationId");
        writer.WriteString("conversationId", conversationId);
        writer.WriteNull("initiatorId");
        writer.WriteString("sourceAddress", sourceAddress.ToString());
        writer.WriteString("destinationAddress", destinationAddress.ToString());
        writer.WriteNull("responseAddress");
        writer.WriteNull("faultAddress");
        writer.WriteStartArray("messageType");
        writer.WriteStringValue(MessageUrn.ForTypeString<T>());
        writer.WriteEndArray();
        writer.WritePropertyName("message");
        switch (message)
        {
            case ModelsDiscovered batch:
                WriteModels(writer, batch, options);
                break;
            case ModelDiscovered model:
                writer.WriteRawValue(ModelJson(model, options), skipInputValidation: true);
                break;
            default:
                JsonSerializer.Serialize(writer, message, typeInfo);
                break;
        }

        writer.WriteNull("expirationTime");
        writer.WriteString("sentTime", sentTime);
        writer.WriteStartObject("headers");
        writer.WriteEndObject();
        writer.WritePropertyName("host");
        writer.WriteRawValue(HostJson.Value, skipInputValidation: true);
        writer.WriteEndObject();
        writer.Flush();

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Each model's JSON as last written, for as long as the model lives: a model goes out twice, in its batch's
    /// <see cref="ModelsDiscovered"/> and in its own <see cref="ModelDiscovered"/>, written at once one after the other
    /// (<see cref="ModelBatchWriter"/>), and is serialized once for both. Keyed by the instance, so a model changed since
    /// (a new record) is a new key.
    /// </summary>
    static readonly ConditionalWeakTable<ModelDiscovered, byte[]> ModelBodies = new();

    static byte[] ModelJson(ModelDiscovered model, JsonSerializerOptions options)
    {
        if (ModelBodies.TryGetValue(model, out var json)) return json;
        var (buffer, writer) = Writer(ref writingModel, options);
        JsonSerializer.Serialize(writer, model, ContractJson.Default.ModelDiscovered);
        writer.Flush();
        json = buffer.WrittenSpan.ToArray();
        ModelBodies.AddOrUpdate(model, json);
        return json;
    }

    /// <summary>A <see cref="ModelsDiscovered"/> as its generated code writes it, each model's JSON from <see cref="ModelJson"/>.</summary>
    static void WriteModels(Utf8JsonWriter writer, ModelsDiscovered batch, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("models");
        foreach (var model in batch.Models)
        {
            writer.WriteStartObject();
            writer.WriteString("messageId", model.MessageId);
            writer.WritePropertyName("model");
            writer.WriteRawValue(ModelJson(model.Model, options), skipInputValidation: true);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    [ThreadStatic] static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? writing;
    [ThreadStatic] static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? writingModel;

    /// <summary>This thread's buffer and writer, emptied: one of each a thread instead of two allocations a message.</summary>
    static (ArrayBufferWriter<byte>, Utf8JsonWriter) Writer(ref (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? slot, JsonSerializerOptions options)
    {
        if (slot is not { } w || w.Writer.Options.Encoder != options.Encoder)
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            w = (buffer, new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true }));
            slot = w;
        }

        w.Buffer.ResetWrittenCount();
        w.Writer.Reset(w.Buffer);
        return w;
    }

    /// <summary>MassTransit's own serializer on its own envelope type: what <see cref="Serialize{T}(Guid,Guid,DateTime,T,Uri,Uri)"/> must equal.</summary>
    public static byte[] SerializeWithMassTransit<T>(Guid messageId, Guid conversationId, DateTime sentTime, T message, Uri sourceAddress, Uri destinationAddress) where T : class =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonMessageEnvelope
        {
            MessageId = messageId.ToString(),
            ConversationId = conversationId.ToString(),
            SourceAddress = sourceAddress.ToString(),
            DestinationAddress = destinationAddress.ToString(),
            MessageType = [MessageUrn.ForTypeString<T>()],
            Message = message,
            SentTime = sentTime,
            Headers = new Dictionary<string, object?>(),
            Host = HostMetadataCache.Host,
        }, SystemTextJsonMessageSerializer.Options);
}

