using System.Text.Json.Nodes;

namespace OpenAccess.EventContracts;

/// <summary>
/// Whether a contract's schema can replace the committed one within a major version (docs/events.md, "Versioning"): every
/// message valid under either must still be read by a subscriber of the other. So a field may be added when it is optional,
/// and nothing else may change: no field removed, no type, format or enum changed, no field made required or optional.
/// </summary>
public static class SchemaCompatibility
{
    /// <summary>Each incompatible change from <paramref name="committed"/> to <paramref name="current"/>, with its JSON path; empty when none.</summary>
    public static IReadOnlyList<string> Breaks(JsonNode committed, JsonNode current)
    {
        var breaks = new List<string>();
        Compare(committed, committed, current, current, "$", breaks);
        return breaks;
    }

    static void Compare(JsonNode beforeRoot, JsonNode? before, JsonNode afterRoot, JsonNode? after, string path, List<string> breaks)
    {
        if (Resolve(beforeRoot, before) is not JsonObject old || Resolve(afterRoot, after) is not JsonObject now)
        {
            return; // `true` / absent: anything goes on that side, and nothing below it is described
        }

        var oldTypes = Types(old);
        var newTypes = Types(now);
        if (!oldTypes.SetEquals(newTypes))
        {
            breaks.Add($"{path}: type changed from {Show(oldTypes)} to {Show(newTypes)}");
            return;
        }

        foreach (var keyword in (string[])["format", "enum"])
        {
            if (!JsonNode.DeepEquals(old[keyword], now[keyword]))
            {
                breaks.Add($"{path}: {keyword} changed from {old[keyword]?.ToJsonString() ?? "none"} to {now[keyword]?.ToJsonString() ?? "none"}");
            }
        }

        var oldRequired = Names(old["required"]);
        var newRequired = Names(now["required"]);
        var oldProperties = old["properties"] as JsonObject ?? [];
        var newProperties = now["properties"] as JsonObject ?? [];
        foreach (var (name, schema) in oldProperties)
        {
            if (!newProperties.ContainsKey(name))
            {
                breaks.Add($"{path}.{name}: field removed");
                continue;
            }

            if (oldRequired.Contains(name) && !newRequired.Contains(name))
            {
                breaks.Add($"{path}.{name}: required field made optional (a subscriber may count on it)");
            }

            Compare(beforeRoot, schema, afterRoot, newProperties[name], $"{path}.{name}", breaks);
        }

        foreach (var name in newRequired.Where(n => !oldRequired.Contains(n)))
        {
            breaks.Add(oldProperties.ContainsKey(name)
                ? $"{path}.{name}: optional field made required (a message without it was valid)"
                : $"{path}.{name}: field added as required (a message without it was valid)");
        }

        Compare(beforeRoot, old["items"], afterRoot, now["items"], $"{path}[]", breaks);
        Compare(beforeRoot, old["additionalProperties"], afterRoot, now["additionalProperties"], $"{path}{{}}", breaks);
    }

    /// <summary>Follows a local <c>$ref</c> (<c>#/…</c>, a JSON pointer into the same document), as the exporter writes for a type it met before.</summary>
    static JsonNode? Resolve(JsonNode root, JsonNode? node)
    {
        for (var hops = 0; node is JsonObject o && o["$ref"]?.GetValue<string>() is { } reference; hops++)
        {
            if (hops > 32 || !reference.StartsWith('#'))
            {
                throw new InvalidOperationException($"Unsupported $ref {reference}.");
            }

            node = root;
            foreach (var segment in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var key = segment.Replace("~1", "/").Replace("~0", "~");
                node = node is JsonArray array ? array[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] : node?[key];
            }
        }

        return node;
    }

    static HashSet<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => t!.GetValue<string>()).ToHashSet(),
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    static HashSet<string> Names(JsonNode? node) => node is JsonArray names ? names.Select(n => n!.GetValue<string>()).ToHashSet() : [];

    static string Show(HashSet<string> types) => types.Count == 0 ? "any" : string.Join(" | ", types.Order());
}
