using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpenAccess.Harvester.Tests.Infrastructure;

/// <summary>
/// Replays a Hub listing of real model records in pages, linked as the Hub links them
/// (<c>Link: &lt;…/api/models?…&amp;cursor=…&gt;; rel="next"</c>), and the model pages behind them. Every other
/// listing entry has its config and safetensors taken out, as a listing without them would, so details are fetched.
/// A test can answer any request itself first (a 429, a 500, a body cut short) through <see cref="Intercept"/>.
/// </summary>
public sealed class FakeHub
{
    readonly List<List<string>> pages;
    readonly Dictionary<string, string> details;
    readonly ConcurrentDictionary<string, int> attempts = new();

    /// <summary>Given the request's key (<c>page:2</c>, <c>model:a/b</c>) and its attempt number (1-based); true when it answered.</summary>
    public Func<string, int, HttpContext, Task<bool>>? Intercept { get; set; }

    public ReplayServer Server { get; private set; } = null!;

    FakeHub(List<List<string>> pages)
    {
        this.pages = pages;
        details = pages.SelectMany(p => p).Where(j => JsonNode.Parse(j)?["id"] is not null).ToDictionary(RealModels.IdOf, j => j);
    }

    public static async Task<FakeHub> StartAsync(IEnumerable<IEnumerable<string>> pages)
    {
        var hub = new FakeHub(pages.Select(p => p.ToList()).ToList());
        hub.Server = await ReplayServer.StartAsync(hub.HandleAsync);
        return hub;
    }

    public static string Cursor(int page) => Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"$oid":"page-{{page}}"}"""));

    async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        string key;
        if (path == "/api/models")
        {
            var cursor = context.Request.Query["cursor"].FirstOrDefault();
            var index = cursor is null ? 0 : Enumerable.Range(0, pages.Count).Single(i => Cursor(i) == cursor);
            key = $"page:{index}";
        }
        else if (path.StartsWith("/api/models/", StringComparison.Ordinal))
        {
            key = $"model:{path["/api/models/".Length..]}";
        }
        else
        {
            context.Response.StatusCode = 404;
            return;
        }

        var attempt = attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        context.Response.Headers["RateLimit"] = "\"api\";r=990;t=1";
        context.Response.Headers["RateLimit-Policy"] = "\"fixed window\";\"api\";q=1000;w=300";
        if (Intercept is { } intercept && await intercept(key, attempt, context))
        {
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        if (key.StartsWith("model:", StringComparison.Ordinal))
        {
            await context.Response.WriteAsync(details[key["model:".Length..]]);
            return;
        }

        var page = int.Parse(key["page:".Length..]);
        if (page + 1 < pages.Count)
        {
            var next = $"{Server.Address}api/models?limit={pages[page].Count}&cursor={Uri.EscapeDataString(Cursor(page + 1))}";
            context.Response.Headers["Link"] = $"<{next}>; rel=\"next\"";
        }

        await context.Response.WriteAsync("[" + string.Join(",", pages[page].Select((json, i) => i % 2 == 0 ? WithoutDetails(json) : json)) + "]");
    }

    static string WithoutDetails(string json)
    {
        if (JsonNode.Parse(json) is not JsonObject model) return json;
        model.Remove("config");
        model.Remove("safetensors");
        return model.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
