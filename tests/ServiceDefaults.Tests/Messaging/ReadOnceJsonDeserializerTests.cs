using System.Runtime.InteropServices;
using System.Runtime.Serialization;
using System.Text;
using MassTransit;
using MassTransit.Serialization;
using OpenAccess.ServiceDefaults.Messaging.Envelope;

namespace OpenAccess.ServiceDefaults.Tests.Messaging;

public sealed record Ping(string Text, int Count, List<string> Tags);

/// <summary>The read-once deserializer reads what MassTransit's reads from the same bytes, and fails where it fails.</summary>
public sealed class ReadOnceJsonDeserializerTests
{
    const string Urn = "urn:message:OpenAccess.ServiceDefaults.Tests.Messaging:Ping";
    const string Message = """{"text":"é ☃ \"q\"","count":3,"tags":["a","b"]}""";

    public static TheoryData<string, string> Envelopes => new()
    {
        { "as MassTransit writes it", $$"""{"messageId":"{{Guid.NewGuid()}}","requestId":null,"correlationId":"{{Guid.NewGuid()}}","conversationId":"{{Guid.NewGuid()}}","initiatorId":null,"sourceAddress":"rabbitmq://h/a","destinationAddress":"rabbitmq://h/b","responseAddress":null,"faultAddress":"rabbitmq://h/f","messageType":["{{Urn}}"],"message":{{Message}},"expirationTime":"2030-01-01T00:00:00Z","sentTime":"2026-12-07T21:00:00.1234567Z","headers":{"x-text":"v","x-number":42,"x-list":[1,2]},"host":{"machineName":"m","processName":"p","processId":7,"assembly":"a","assemblyVersion":"1","frameworkVersion":"10","massTransitVersion":"8.5","operatingSystemVersion":"linux"} }""" },
        { "fields in another order and case, unknown ones, comments and trailing commas", $$"""{"Message":{{Message}}, /* a note */ "unknown":{"deep":[1,{"x":2}]},"MessageType":["{{Urn}}"],"MESSAGEID":"{{Guid.NewGuid()}}","Headers":{"A":"1",},"sentTime":null,}""" },
    };

    [Theory]
    [MemberData(nameof(Envelopes))]
    public void An_envelope_reads_as_MassTransit_reads_it(string name, string body)
    {
        var (theirs, ours) = (Read(SystemTextJsonMessageSerializer.Instance, body), Read(new ReadOnceJsonDeserializer(), body));

        Assert.IsType<ReadOnceSerializerContext>(ours);
        Assert.Equal(Describe(theirs), Describe(ours));
        Assert.True(theirs.TryGetMessage<Ping>(out var expected), name);
        Assert.True(ours.TryGetMessage<Ping>(out var actual), name);
        Assert.Equal((expected!.Text, expected.Count, string.Join(',', expected.Tags)), (actual!.Text, actual.Count, string.Join(',', actual.Tags)));
        Assert.Equal(("é ☃ \"q\"", 3), (actual.Text, actual.Count));
        Assert.False(ours.TryGetMessage<string>(out _)); // a type the envelope does not name
    }

    public static TheoryData<string> BadBodies =>
    [
        $$"""{"messageType":["{{Urn}}"],"message":{"text":"cut""", // ends halfway
        $$"""{"messageType":["{{Urn}}"],"message":{{Message}}} and more""", // goes on after the envelope
        $$"""{"messageType":["{{Urn}}"]}""", // no message
        $$"""{"messageType":["{{Urn}}"],"message":null}""",
        "null",
        "[1,2]",
        "<html>",
        "",
        $$"""{"messageId":42,"messageType":["{{Urn}}"],"message":{{Message}}}""", // a field not of its type
    ];

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void A_body_MassTransit_cannot_read_is_a_serialization_error_here_too(string body)
    {
        Assert.Throws<SerializationException>(() => Read(SystemTextJsonMessageSerializer.Instance, body));
        Assert.Throws<SerializationException>(() => Read(new ReadOnceJsonDeserializer(), body));
    }

    [Fact]
    public void A_message_not_of_its_type_fails_when_the_consumer_reads_it_as_with_MassTransit()
    {
        var body = $$"""{"messageType":["{{Urn}}"],"message":{"text":1} }""";
        var (theirs, ours) = (Read(SystemTextJsonMessageSerializer.Instance, body), Read(new ReadOnceJsonDeserializer(), body));
        Assert.Equal(Assert.ThrowsAny<Exception>(() => theirs.TryGetMessage<Ping>(out _)).GetType(), Assert.ThrowsAny<Exception>(() => ours.TryGetMessage<Ping>(out _)).GetType());
    }

    [Fact]
    public void A_RabbitMQ_delivery_is_read_where_it_lies_not_copied()
    {
        var bytes = Encoding.UTF8.GetBytes(Message);
        Assert.True(MemoryMarshal.TryGetArray(ReceivedBytes.Of(new MemoryMessageBody(bytes)), out var segment));
        Assert.Same(bytes, segment.Array);
    }

    static SerializerContext Read(IMessageDeserializer deserializer, string body) =>
        deserializer.Deserialize(new MemoryMessageBody(Encoding.UTF8.GetBytes(body)), EmptyHeaders.Instance);

    static string Describe(SerializerContext c) => string.Join('\n',
        $"{c.MessageId} {c.RequestId} {c.CorrelationId} {c.ConversationId} {c.InitiatorId}",
        $"{c.SourceAddress} {c.DestinationAddress} {c.ResponseAddress} {c.FaultAddress}",
        $"{c.SentTime:O} {c.ExpirationTime:O} {string.Join(',', c.SupportedMessageTypes)}",
        $"{c.Host.MachineName} {c.Host.ProcessId} {c.Host.MassTransitVersion} {c.Host.OperatingSystemVersion}",
        string.Join(',', c.Headers.GetAll().Select(h => $"{h.Key}={h.Value}")));
}
