using System.Text.Json.Nodes;
using OpenAccess.EventContracts;
using OpenAccess.ServiceDefaults.Events;

namespace OpenAccess.Contracts.Tests;

/// <summary>The rules of docs/events.md on the real ModelDiscovered schema, altered as a careless change would alter it.</summary>
public sealed class SchemaCompatibilityTests
{
    static JsonObject Current() => ContractSchemas.For(typeof(ModelDiscovered));

    static JsonObject Properties(JsonNode schema) => schema["properties"]!.AsObject();

    [Fact]
    public void The_same_schema_is_compatible() => Assert.Empty(SchemaCompatibility.Breaks(Current(), Current()));

    [Fact]
    public void An_added_optional_field_is_compatible()
    {
        var changed = Current();
        Properties(changed)["mergeMethod"] = new JsonObject { ["type"] = new JsonArray("string", "null") };
        Assert.Empty(SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_reworded_description_is_compatible()
    {
        var changed = Current();
        Properties(changed)["downloads"]!["description"] = "Downloads in the last 30 days.";
        Assert.Empty(SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_removed_field_breaks()
    {
        var changed = Current();
        Properties(changed).Remove("downloads");
        Assert.Equal(["$.downloads: field removed"], SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_removed_nested_field_breaks()
    {
        var changed = Current();
        Properties(Properties(changed)["config"]!).Remove("headDim");
        Assert.Equal(["$.config.headDim: field removed"], SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_changed_type_breaks()
    {
        var changed = Current();
        Properties(changed)["downloads"]!["type"] = "number"; // long → double
        Assert.Equal(["$.downloads: type changed from integer to number"], SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_field_made_nullable_breaks()
    {
        var changed = Current();
        Properties(changed)["author"]!["type"] = new JsonArray("string", "null");
        Assert.Equal(["$.author: type changed from string to null | string"], SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_changed_element_type_breaks()
    {
        var changed = Current();
        Properties(changed)["parametersByDtype"]!["additionalProperties"]!["type"] = "string";
        Properties(changed)["tags"]!["items"]!["type"] = "object";
        Assert.Equal(["$.tags[]: type changed from string to object", "$.parametersByDtype{}: type changed from integer to string"],
            SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_changed_format_breaks()
    {
        var changed = Current();
        Properties(changed)["createdAt"]!["format"] = "date";
        Assert.Equal(["$.createdAt: format changed from \"date-time\" to \"date\""], SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void An_optional_field_made_required_breaks()
    {
        var changed = Current();
        changed["required"]!.AsArray().Add("sha");
        Assert.Equal(["$.sha: optional field made required (a message without it was valid)"], SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_new_required_field_breaks()
    {
        var changed = Current();
        Properties(changed)["mergeMethod"] = new JsonObject { ["type"] = "string" };
        changed["required"]!.AsArray().Add("mergeMethod");
        Assert.Equal(["$.mergeMethod: field added as required (a message without it was valid)"], SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_required_field_made_optional_breaks()
    {
        var changed = Current();
        var required = changed["required"]!.AsArray();
        required.Remove(required.Single(n => n!.GetValue<string>() == "author"));
        Assert.Equal(["$.author: required field made optional (a subscriber may count on it)"], SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_removed_enum_member_breaks()
    {
        var changed = Current();
        var relation = changed["properties"]!["baseModels"]!["items"]!["properties"]!["relation"]!;
        relation["enum"] = new JsonArray("Finetune", "Adapter", "Quantized");
        Assert.Equal(["$.baseModels[].relation: enum changed from [\"Finetune\",\"Adapter\",\"Quantized\",\"Merge\"] to [\"Finetune\",\"Adapter\",\"Quantized\"]"],
            SchemaCompatibility.Breaks(Current(), changed));
    }

    [Fact]
    public void A_reference_is_followed_on_either_side()
    {
        // The exporter writes a $ref for a type it met before; the rules must see through it.
        var referencing = Current();
        referencing["$defs"] = new JsonObject { ["count"] = new JsonObject { ["type"] = "integer" } };
        Properties(referencing)["downloads"] = new JsonObject { ["$ref"] = "#/$defs/count" };
        Assert.Empty(SchemaCompatibility.Breaks(Current(), referencing));

        referencing["$defs"]!["count"]!["type"] = "string";
        Assert.Equal(["$.downloads: type changed from integer to string"], SchemaCompatibility.Breaks(Current(), referencing));
    }
}
