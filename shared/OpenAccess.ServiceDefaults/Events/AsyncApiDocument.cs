using System.Text.Json;
using System.Text.Json.Nodes;
using OpenAccess.Contracts;

namespace OpenAccess.ServiceDefaults.Events;

/// <summary>
/// The AsyncAPI 3.0 document of every event (served at <c>/asyncapi.json</c>, docs/events.md), generated from the contract
/// types: the exchanges and their AMQP bindings from MassTransit's publish topology (<see cref="EventTopology"/>), each
/// message's schema from its record and XML docs (<see cref="ContractSchemas"/>), inside the envelope MassTransit delivers,
/// with a real delivery as its example (<see cref="EventExamples"/>).
/// </summary>
public static class AsyncApiDocument
{
    public const string ContentType = "application/vnd.masstransit+json";
    public const string ActivityIdHeader = "MT-Activity-Id";
    const string AmqpBindingVersion = "0.3.0";

    /// <summary>Who publishes each event (DESIGN.md's table).</summary>
    public static IReadOnlyDictionary<Type, string> Publishers { get; } = new Dictionary<Type, string>
    {
        [typeof(ModelDiscovered)] = "the Harvester",
        [typeof(ModelsDiscovered)] = "the Harvester",
        [typeof(BenchmarkUpdated)] = "the Harvester",
        [typeof(FamilyAdoptionChanged)] = "Lineage",
        [typeof(AdoptionForecastUpdated)] = "Fitting",
        [typeof(AccessProfileUpdated)] = "the Evaluator",
        [typeof(HarvestRunProgress)] = "Lineage and the Evaluator (each consumer of ModelsDiscovered and BenchmarkUpdated)",
    };

    static readonly Lazy<byte[]> Utf8 = new(() => JsonSerializer.SerializeToUtf8Bytes(Create(), new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

    /// <summary>The document as served: made once a process, indented UTF-8 JSON.</summary>
    public static byte[] Json => Utf8.Value;

    public static JsonObject Create()
    {
        var channels = new JsonObject();
        var operations = new JsonObject();
        var messages = new JsonObject();
        var schemas = new JsonObject();
        foreach (var type in ContractSchemas.Events)
        {
            var name = type.Name;
            var publisher = Publishers.TryGetValue(type, out var p) ? p : throw new InvalidOperationException($"No publisher named for {name} in AsyncApiDocument.Publishers.");
            var exchange = EventTopology.ExchangeOf(type);
            var urn = EventTopology.MessageType(type);

            var schema = ContractSchemas.For(type);
            schema.Remove("$schema");
            schema.Remove("$id");
            schemas[name] = schema;
            messages[name] = Message(type, urn, publisher);

            channels[name] = new JsonObject
            {
                ["address"] = exchange.Name,
                ["title"] = $"{name} exchange",
                ["description"] =
                    $"The {exchange.Type} exchange MassTransit declares for {urn} (durable: {Lower(exchange.Durable)}, auto-delete: " +
                    $"{Lower(exchange.AutoDelete)}) and publishes every {name} to. A subscriber declares a durable queue of its own " +
                    "and binds it to this exchange (no routing key: every message reaches every bound queue); MassTransit does both " +
                    "for a consumer of the type." + Replay(name),
                ["messages"] = new JsonObject { [name] = Ref($"#/components/messages/{name}") },
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject
                    {
                        ["is"] = "routingKey",
                        ["exchange"] = new JsonObject
                        {
                            ["name"] = exchange.Name,
                            ["type"] = exchange.Type,
                            ["durable"] = exchange.Durable,
                            ["autoDelete"] = exchange.AutoDelete,
                            ["vhost"] = "/",
                        },
                        ["bindingVersion"] = AmqpBindingVersion,
                    },
                },
            };
            operations[$"publish{name}"] = new JsonObject
            {
                ["action"] = "send",
                ["channel"] = Ref($"#/channels/{name}"),
                ["title"] = $"{name} is published",
                ["summary"] = $"Published by {publisher}.",
                ["messages"] = new JsonArray(Ref($"#/channels/{name}/messages/{name}")),
                ["bindings"] = new JsonObject
                {
                    ["amqp"] = new JsonObject { ["deliveryMode"] = 2, ["ack"] = true, ["bindingVersion"] = AmqpBindingVersion },
                },
            };
        }

        return new JsonObject
        {
            ["asyncapi"] = "3.0.0",
            ["info"] = new JsonObject
            {
                ["title"] = "OpenAccess events",
                ["version"] = typeof(ModelDiscovered).Assembly.GetName().Version!.ToString(3),
                ["description"] =
                    "The events OpenAccess publishes on RabbitMQ through MassTransit 8.5. Generated from the contract records of " +
                    "the OpenAccess.Contracts package (this document's version is the package's), never written by hand. " +
                    "Within a major version the contracts change additively only; a breaking change is a new message type " +
                    "published side by side for 6 months (docs/events.md).",
            },
            ["servers"] = new JsonObject
            {
                ["rabbitmq"] = new JsonObject
                {
                    ["host"] = "rabbitmq:5672",
                    ["protocol"] = "amqp",
                    ["protocolVersion"] = "0.9.1",
                    ["description"] =
                        "The deployment's broker (ConnectionStrings:rabbitmq of every service; `rabbitmq` in docker-compose.yml and " +
                        "Kubernetes). The Standalone host runs its bus in memory: nothing outside its process can subscribe to it.",
                },
            },
            ["defaultContentType"] = ContentType,
            ["channels"] = channels,
            ["operations"] = operations,
            ["components"] = new JsonObject { ["messages"] = messages, ["schemas"] = schemas },
        };
    }

    static JsonObject Message(Type type, string urn, string publisher)
    {
        var name = type.Name;
        var message = new JsonObject
        {
            ["name"] = name,
            ["title"] = name,
            ["summary"] = $"Published by {publisher}.",
            ["description"] =
                $"The body is MassTransit's JSON envelope; the event itself is its `message`. `messageType` lists {urn}, " +
                "`messageId` is the AMQP message-id as well and is the same for a redelivery or a replay of the same event, " +
                $"and the AMQP content-type is {ContentType}.",
            ["contentType"] = ContentType,
            ["correlationId"] = new JsonObject
            {
                ["description"] = "The message id: deterministic, so a subscriber drops a message id it has stored.",
                ["location"] = "$message.payload#/messageId",
            },
            ["headers"] = Headers(),
            ["payload"] = Envelope(name, urn),
            ["bindings"] = new JsonObject
            {
                ["amqp"] = new JsonObject { ["messageType"] = urn, ["bindingVersion"] = AmqpBindingVersion },
            },
        };
        if (EventExamples.Of(name) is { } example)
        {
            message["examples"] = new JsonArray(new JsonObject
            {
                ["name"] = $"{name}-bundled-data",
                ["summary"] = example["source"]?.GetValue<string>(),
                ["headers"] = example["headers"]!.DeepClone(),
                ["payload"] = example["envelope"]!.DeepClone(),
            });
        }

        return message;
    }

    /// <summary>The AMQP headers table of every message (basic properties carry content-type, message-id and delivery mode 2).</summary>
    static JsonObject Headers() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            [ActivityIdHeader] = new JsonObject
            {
                ["type"] = "string",
                ["description"] =
                    "W3C traceparent (00-<trace id>-<span id>-<flags>) of the publishing activity: a subscriber that starts its " +
                    "own activity with it as parent joins the trace of the model through the system. Absent when the publisher " +
                    "was not traced.",
                ["pattern"] = "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$",
            },
            ["Content-Type"] = new JsonObject
            {
                ["type"] = "string",
                ["const"] = ContentType,
                ["description"] = "The body's content type, repeated in the headers table beside the AMQP content-type property (the Harvester's events).",
            },
            ["x-dotnet-pub-seq-no"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "The publishing RabbitMQ.Client's publisher-confirm sequence number: bookkeeping of the publisher, nothing a subscriber needs.",
            },
        },
    };

    static JsonObject Envelope(string name, string urn)
    {
        JsonObject Text(string description, string? format = null, bool nullable = true)
        {
            var schema = new JsonObject { ["type"] = nullable ? new JsonArray("string", "null") : "string", ["description"] = description };
            if (format is not null) schema["format"] = format;
            return schema;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["description"] = $"MassTransit's JSON envelope around a {name}.",
            ["required"] = new JsonArray("messageId", "messageType", "message", "sentTime"),
            ["properties"] = new JsonObject
            {
                ["messageId"] = Text("The message id (a GUID), derived from what the event is about (e.g. model id and revision): the same for a redelivery or a replay.", "uuid", nullable: false),
                ["requestId"] = Text("Unused for events: null."),
                ["correlationId"] = Text("Unused for these events: null."),
                ["conversationId"] = Text("The conversation the publish belongs to (a GUID).", "uuid"),
                ["initiatorId"] = Text("The message whose consumer published this one, when one did (a GUID); null otherwise.", "uuid"),
                ["sourceAddress"] = Text("The publishing bus endpoint (rabbitmq://host/vhost/<endpoint>)."),
                ["destinationAddress"] = Text($"The exchange published to (rabbitmq://host/vhost/{name} exchange name); for a replay, the subscriber's queue."),
                ["responseAddress"] = Text("Unused for events: null."),
                ["faultAddress"] = Text("Unused for events: null."),
                ["messageType"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = $"The message type URNs the message can be read as; contains {urn}. A subscriber that dispatches by type reads this, not the exchange.",
                    ["items"] = new JsonObject { ["type"] = "string" },
                    ["contains"] = new JsonObject { ["const"] = urn },
                },
                ["message"] = Ref($"#/components/schemas/{name}"),
                ["expirationTime"] = Text("Unused for these events: null (they do not expire).", "date-time"),
                ["sentTime"] = Text("When the message was published, or replayed (UTC, ISO 8601).", "date-time", nullable: false),
                ["headers"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "MassTransit's headers: MT-Activity-Id again for an event a service publishes through MassTransit; empty for the Harvester's events (its own publisher puts MT-Activity-Id in the AMQP headers only).",
                },
                ["host"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "The publishing process: machineName, processName, processId, assembly, assemblyVersion, frameworkVersion, massTransitVersion, operatingSystemVersion.",
                },
            },
        };
    }

    static JsonObject Ref(string pointer) => new() { ["$ref"] = pointer };

    static string Lower(bool value) => value ? "true" : "false";

    /// <summary>How a late subscriber gets the current state of an event that can be replayed (docs/events.md, "Replay").</summary>
    static string Replay(string name) => Messaging.Replay.ReplayApi.Routes.TryGetValue(name, out var route)
        ? $" A subscriber that starts late gets the current state (the last {name} of each) on its own queue with POST {route}: " +
          "sent to that queue alone, not through this exchange, under the original message ids."
        : "";
}
