using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using OpenAccess.ServiceDefaults.Events;

namespace OpenAccess.Contracts.Tests;

/// <summary>The AsyncAPI document /asyncapi.json serves: valid AsyncAPI 3.0, every event in it as MassTransit publishes it.</summary>
public sealed class AsyncApiDocumentTests
{
    /// <summary>The AsyncAPI 3.0.0 JSON Schema, vendored from npm's @asyncapi/specs (package.json, `npm run vendor`).</summary>
    static readonly string SpecPath = Path.Combine(AppContext.BaseDirectory, "vendor", "asyncapi-specs-6.11.1", "3.0.0-without-$id.json");

    static JsonObject Document() => JsonNode.Parse(AsyncApiDocument.Json)!.AsObject();

    [Fact]
    public void The_document_is_valid_against_the_AsyncAPI_3_0_schema()
    {
        var spec = JsonSchema.FromText(File.ReadAllText(SpecPath));
        using var document = JsonDocument.Parse(AsyncApiDocument.Json);
        var result = spec.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", Errors(result).Take(20)));
    }

    [Fact]
    public void The_validation_rejects_a_broken_document()
    {
        // The schema and the validator do catch a document that is not AsyncAPI 3.0: the test above can fail.
        var spec = JsonSchema.FromText(File.ReadAllText(SpecPath));
        var broken = Document();
        broken["channels"]!["ModelDiscovered"]!["bindings"]!["amqp"]!["exchange"]!["type"] = "broadcast";
        broken["operations"]!["publishModelDiscovered"]!["action"] = "publish"; // AsyncAPI 2's word
        using var document = JsonDocument.Parse(broken.ToJsonString());
        Assert.False(spec.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List }).IsValid);
    }

    [Fact]
    public void The_document_version_is_the_contracts_package_version()
    {
        var project = System.Xml.Linq.XDocument.Load(Repository.PathOf("shared/OpenAccess.Contracts/OpenAccess.Contracts.csproj"));
        var version = project.Descendants("OpenAccessContractsVersion").Single().Value;
        Assert.Equal(version, Document()["info"]!["version"]!.GetValue<string>());
    }

    public static TheoryData<string> Events => [.. ContractSchemas.Events.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Events))]
    public void Every_event_has_its_exchange_message_schema_and_operation(string name)
    {
        var document = Document();
        var type = ContractSchemas.Events.Single(t => t.Name == name);
        var urn = $"urn:message:OpenAccess.Contracts:{name}";

        // MassTransit's RabbitMQ entity names: the exchange is the message type's "namespace:name", fanout, durable.
        var channel = document["channels"]![name]!;
        Assert.Equal($"OpenAccess.Contracts:{name}", channel["address"]!.GetValue<string>());
        var exchange = channel["bindings"]!["amqp"]!["exchange"]!;
        Assert.Equal($"OpenAccess.Contracts:{name}", exchange["name"]!.GetValue<string>());
        Assert.Equal("fanout", exchange["type"]!.GetValue<string>());
        Assert.True(exchange["durable"]!.GetValue<bool>());
        Assert.False(exchange["autoDelete"]!.GetValue<bool>());
        // The events a late subscriber can have replayed say where to ask; the others do not promise it.
        var replay = name switch
        {
            "ModelDiscovered" or "ModelsDiscovered" => "POST /api/harvest/replays",
            "FamilyAdoptionChanged" => "POST /api/lineage/replays",
            "AccessProfileUpdated" => "POST /api/access/replays",
            _ => null,
        };
        if (replay is null) Assert.DoesNotContain("/replays", channel["description"]!.GetValue<string>());
        else Assert.Contains(replay, channel["description"]!.GetValue<string>());

        var message = document["components"]!["messages"]![name]!;
        Assert.Equal("application/vnd.masstransit+json", message["contentType"]!.GetValue<string>());
        Assert.Equal(urn, message["bindings"]!["amqp"]!["messageType"]!.GetValue<string>());
        Assert.NotNull(message["headers"]!["properties"]!["MT-Activity-Id"]);
        var envelope = message["payload"]!["properties"]!;
        foreach (var field in (string[])["messageId", "messageType", "sentTime", "message"]) Assert.NotNull(envelope[field]);
        Assert.Equal(urn, envelope["messageType"]!["contains"]!["const"]!.GetValue<string>());
        Assert.Equal($"#/components/schemas/{name}", envelope["message"]!["$ref"]!.GetValue<string>());

        // The message schema is the committed one, units and meanings included.
        var schema = document["components"]!["schemas"]![name]!.AsObject();
        var committed = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Schemas, $"{name}.json")))!.AsObject();
        committed.Remove("$schema");
        committed.Remove("$id");
        Assert.True(JsonNode.DeepEquals(committed, schema), $"{name}'s schema in the document is not its committed schema.");

        var operation = document["operations"]![$"publish{name}"]!;
        Assert.Equal("send", operation["action"]!.GetValue<string>());
        Assert.Equal($"#/channels/{name}", operation["channel"]!["$ref"]!.GetValue<string>());
        Assert.Equal(2, operation["bindings"]!["amqp"]!["deliveryMode"]!.GetValue<int>());
        _ = type;
    }

    [Fact]
    public void Every_contract_type_appears_in_the_document()
    {
        // Each event and each record or enum it is made of, by the name its docs give it.
        var text = string.Join("\n", Strings(Document()));
        var contracts = typeof(ModelDiscovered).Assembly.GetExportedTypes();
        var channels = Document()["channels"]!.AsObject().Select(c => c.Key).ToHashSet();
        foreach (var type in contracts)
        {
            if (ContractSchemas.Events.Contains(type))
            {
                Assert.Contains(type.Name, channels);
            }
            else
            {
                Assert.True(DescribedIn(text, type), $"{type.Name} is in no schema of the document.");
            }
        }
    }

    static bool DescribedIn(string document, Type part)
    {
        // A part (BaseModelLink, ForecastPoint, BaseModelRelation…) is inlined: its type summary, or for an enum its members, are there.
        if (part.IsEnum) return Enum.GetNames(part).All(n => document.Split('\n').Contains(n));
        var summary = System.Xml.Linq.XDocument.Load(Path.ChangeExtension(part.Assembly.Location, ".xml")).Descendants("member")
            .Single(m => m.Attribute("name")!.Value == $"T:{part.FullName}").Element("summary")!.Value;
        var words = summary.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return document.Contains(string.Join(' ', words), StringComparison.Ordinal);
    }

    /// <summary>Every string value and property name of the document, as parsed (no JSON escapes in the way).</summary>
    static IEnumerable<string> Strings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    yield return key;
                    foreach (var s in Strings(value)) yield return s;
                }
                break;
            case JsonArray a:
                foreach (var s in a.SelectMany(Strings)) yield return s;
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                yield return v.GetValue<string>();
                break;
        }
    }

    static IEnumerable<string> Errors(EvaluationResults result) =>
        (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"));
}
