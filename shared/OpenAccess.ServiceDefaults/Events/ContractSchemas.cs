using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MassTransit.Serialization;
using OpenAccess.Contracts;

namespace OpenAccess.ServiceDefaults.Events;

/// <summary>
/// The JSON Schema of every event, generated from its record with the serializer options the bus writes it with (camelCase,
/// enums as names: BusExtensions.ConfigureJson) and described from the contracts' XML docs. Committed under
/// <c>shared/OpenAccess.Contracts/schemas/</c> (docs/events.md) and carried by the AsyncAPI document.
/// </summary>
public static class ContractSchemas
{
    /// <summary>Every event the services publish, in the order docs/events.md lists them.</summary>
    public static IReadOnlyList<Type> Events { get; } =
    [
        typeof(ModelDiscovered),
        typeof(ModelsDiscovered),
        typeof(BenchmarkUpdated),
        typeof(FamilyAdoptionChanged),
        typeof(AdoptionForecastUpdated),
        typeof(AccessProfileUpdated),
        typeof(HarvestRunProgress),
    ];

    /// <summary>
    /// The options the bus writes the events with (MassTransit's, camelCase, plus enums as names), less MassTransit's own
    /// converters: those read interfaces into concrete types and write the same JSON as the defaults, but the schema exporter
    /// cannot see through a custom converter (it would describe <c>IReadOnlyDictionary</c> fields as anything at all).
    /// </summary>
    public static JsonSerializerOptions WireOptions { get; } = CreateWireOptions();

    static readonly Lazy<ContractDocs> Docs = new(() => ContractDocs.Load(typeof(ModelDiscovered).Assembly));

    static JsonSerializerOptions CreateWireOptions()
    {
        var options = new JsonSerializerOptions(SystemTextJsonMessageSerializer.Options)
        {
            WriteIndented = false,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Clear();
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The schema of <paramref name="type"/>, its <c>title</c> the type's name, each part described by its XML doc.</summary>
    public static JsonObject For(Type type)
    {
        var docs = Docs.Value;
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Describe(docs, context, node),
        };
        var schema = (JsonObject)WireOptions.GetJsonSchemaAsNode(type, exporter);
        var described = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"urn:openaccess:contracts:{type.Name}",
            ["title"] = type.Name,
        };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            if (key != "$schema")
            {
                described[key] = value;
            }
        }

        return described;
    }

    /// <summary>The schema as it is committed: indented, LF line ends, a final newline.</summary>
    public static string Text(JsonNode schema) =>
        schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .ReplaceLineEndings("\n") + "\n";

    static JsonNode Describe(ContractDocs docs, JsonSchemaExporterContext context, JsonNode node)
    {
        if (node is not JsonObject schema)
        {
            return node;
        }

        var contracts = typeof(ModelDiscovered).Assembly;
        var type = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
        string? description = null;
        if (context.PropertyInfo is { } property && property.DeclaringType.Assembly == contracts)
        {
            var member = (property.AttributeProvider as MemberInfo)?.Name ?? (property.AttributeProvider as ParameterInfo)?.Name ?? property.Name;
            description = docs.Of(property.DeclaringType, member);
        }

        // A record or enum of the contracts brings its own doc (units, what its values mean), also where a property holds it.
        if (type.Assembly == contracts)
        {
            var own = type.IsEnum
                ? $"{docs.Of(type)} {string.Join(" ", Enum.GetNames(type).Select(name => $"{name}: {docs.OfEnumMember(type, name)}"))}"
                : docs.Of(type);
            description = description is null ? own : $"{description} {own}";
        }

        if (description is not null && !schema.ContainsKey("description"))
        {
            schema.Insert(0, "description", description);
        }

        return schema;
    }
}
