using System.Text.Json.Nodes;

namespace OpenAccess.ServiceDefaults.Events;

/// <summary>
/// One real delivery of each event, as a subscriber's queue received it from RabbitMQ while the Standalone host imported the
/// bundled data (<c>shared/OpenAccess.Contracts/examples/&lt;Event&gt;.json</c>, captured by <c>tools/EventContracts examples</c>,
/// embedded in this assembly). Each file holds <c>source</c> (where it came from), <c>headers</c> (the AMQP headers and
/// properties) and <c>envelope</c> (the body, MassTransit's JSON envelope, as delivered).
/// </summary>
public static class EventExamples
{
    const string Prefix = "events/examples/";

    static readonly Lazy<IReadOnlyDictionary<string, JsonObject>> All = new(Load);

    /// <summary>The example of the event named <paramref name="name"/>; null when none is embedded.</summary>
    public static JsonObject? Of(string name) => All.Value.TryGetValue(name, out var example) ? (JsonObject)example.DeepClone() : null;

    static IReadOnlyDictionary<string, JsonObject> Load()
    {
        var assembly = typeof(EventExamples).Assembly;
        var examples = new Dictionary<string, JsonObject>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            examples[Path.GetFileNameWithoutExtension(resource[Prefix.Length..])] = JsonNode.Parse(stream)!.AsObject();
        }

        return examples;
    }
}
