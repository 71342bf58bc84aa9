using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OpenAccess.Lineage.Graph;

namespace OpenAccess.Lineage.Apis;

/// <summary>
/// An answer built with inferred links says so: it gains <c>inferredLinks: { minConfidence, count }</c>, the threshold the links
/// were taken at and how many the graph holds (a list answer becomes <c>{ inferredLinks, items }</c>). Other answers are as they were.
/// </summary>
public static class InferredLinksNote
{
    public static IResult Answer<T>(HttpContext context, GraphLinks links, T answer)
    {
        if (links != GraphLinks.Inferred) return TypedResults.Ok(answer);
        var state = context.RequestServices.GetRequiredService<GraphState>();
        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var note = new JsonObject { ["minConfidence"] = state.InferredMinConfidence, ["count"] = state.InferredLinkCount };
        var body = JsonSerializer.SerializeToNode(answer, answer!.GetType(), json);
        return TypedResults.Ok<JsonNode>(body is JsonObject fields ? With(fields, note) : new JsonObject { ["inferredLinks"] = note, ["items"] = body });
    }

    static JsonObject With(JsonObject body, JsonObject note)
    {
        body["inferredLinks"] = note;
        return body;
    }
}
