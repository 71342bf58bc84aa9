using System.Net.Mime;
using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace OpenAccess.ServiceDefaults.Messaging.Envelope;

/// <summary>
/// Deserializes MassTransit's JSON envelope (<c>application/vnd.masstransit+json</c>) reading each body once
/// (<see cref="EnvelopeReader"/>), with MassTransit's serializer options. Serialization stays MassTransit's, so what goes on the
/// wire does not change. A body MassTransit hands over already parsed (the in-memory transport's) goes to MassTransit's own
/// deserializer, which reads it without bytes.
/// </summary>
public sealed class ReadOnceJsonDeserializer : IMessageDeserializer
{
    public ContentType ContentType => SystemTextJsonMessageSerializer.JsonContentType;

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateScope("json");
        scope.Add("contentType", ContentType.MediaType);
        scope.Add("provider", "System.Text.Json, each body read once");
    }

    public ConsumeContext Deserialize(ReceiveContext receiveContext) =>
        new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress));

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        if (body is JsonMessageBody)
        {
            return SystemTextJsonMessageSerializer.Instance.Deserialize(body, headers, destinationAddress);
        }

        var options = SystemTextJsonMessageSerializer.Options;
        try
        {
            var envelope = EnvelopeReader.Read(ReceivedBytes.Of(body), options);
            return new ReadOnceSerializerContext(SystemTextJsonMessageSerializer.Instance, options, ContentType, envelope);
        }
        catch (Exception e) when (e is not SerializationException)
        {
            throw new SerializationException("An error occured while deserializing the message envelope", e);
        }
    }

    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);
}

/// <summary>
/// Registers <see cref="ReadOnceJsonDeserializer"/> for MassTransit's JSON content type on an endpoint; its serializer is
/// MassTransit's.
/// </summary>
public sealed class ReadOnceJsonSerializerFactory : ISerializerFactory
{
    readonly ReadOnceJsonDeserializer deserializer = new();

    public ContentType ContentType => SystemTextJsonMessageSerializer.JsonContentType;

    public IMessageSerializer CreateSerializer() => SystemTextJsonMessageSerializer.Instance;

    public IMessageDeserializer CreateDeserializer() => deserializer;
}

