using System.Reflection;
using System.Text.Json.Nodes;
using OpenAccess.EventContracts;
using OpenAccess.ServiceDefaults.Events;

namespace OpenAccess.Contracts.Tests;

/// <summary>
/// The schemas committed under shared/OpenAccess.Contracts/schemas are the promise to subscribers (docs/events.md): the
/// contracts may only grow compatibly from them, and after an additive change they are regenerated and committed with it.
/// </summary>
public sealed class CommittedSchemaTests
{
    const string Regenerate = "dotnet run --project tools/EventContracts -c Release -- schemas";

    public static TheoryData<string> Events => [.. ContractSchemas.Events.Select(t => t.Name)];

    static Type EventNamed(string name) => ContractSchemas.Events.Single(t => t.Name == name);

    static JsonNode Committed(string name)
    {
        var path = Path.Combine(Repository.Schemas, $"{name}.json");
        Assert.True(File.Exists(path), $"{path} is missing: run `{Regenerate}` and commit it.");
        return JsonNode.Parse(File.ReadAllText(path))!;
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_contract_is_compatible_with_its_committed_schema(string name)
    {
        var breaks = SchemaCompatibility.Breaks(Committed(name), ContractSchemas.For(EventNamed(name)));
        Assert.True(breaks.Count == 0,
            $"{name} changed incompatibly with its committed schema; within a major version only optional fields may be added " +
            $"(docs/events.md, \"Versioning\"):\n  {string.Join("\n  ", breaks)}");
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_committed_schema_equals_the_one_generated_from_the_contract(string name)
    {
        var path = Path.Combine(Repository.Schemas, $"{name}.json");
        Assert.True(File.ReadAllText(path) == ContractSchemas.Text(ContractSchemas.For(EventNamed(name))),
            $"{path} is not the schema of the current {name}: after an additive change run `{Regenerate}` and commit the schema with it.");
    }

    [Fact]
    public void Every_committed_schema_still_has_its_contract()
    {
        // Deleting or renaming an event is the most breaking change of all; its schema stays and this fails.
        var committed = Directory.GetFiles(Repository.Schemas, "*.json").Select(p => Path.GetFileNameWithoutExtension(p)).Order().ToList();
        Assert.Equal(ContractSchemas.Events.Select(t => t.Name).Order().ToList(), committed);
    }

    [Fact]
    public void Every_public_contract_type_is_an_event_or_a_part_of_one()
    {
        var reachable = new HashSet<Type>();
        foreach (var type in ContractSchemas.Events) Reach(type, reachable);
        var contracts = typeof(ModelDiscovered).Assembly.GetExportedTypes();
        Assert.All(contracts, type => Assert.True(reachable.Contains(type),
            $"{type.Name} is a public contract type in no event: a new event goes into ContractSchemas.Events and gets its schema."));
    }

    static void Reach(Type type, HashSet<Type> reached)
    {
        if (type.Assembly != typeof(ModelDiscovered).Assembly)
        {
            foreach (var argument in type.GetGenericArguments()) Reach(argument, reached);
            if (Nullable.GetUnderlyingType(type) is { } underlying) Reach(underlying, reached);
            return;
        }

        if (!reached.Add(type)) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)) Reach(property.PropertyType, reached);
    }
}
