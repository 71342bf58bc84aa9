using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpenAccess.Harvester.Tests.Infrastructure;

/// <summary>
/// The datasets-server <c>rows</c> endpoint over real leaderboard rows: <c>GET /rows?dataset=…&amp;offset=&amp;length=</c> answers
/// <c>{ "rows": [ { "row_idx", "row" } ], "num_rows_total" }</c> as huggingface.co does.
/// </summary>
public sealed class FakeDatasetsServer
{
    readonly JsonArray rows;
    readonly ConcurrentDictionary<int, int> attempts = new();

    /// <summary>Given the page's offset and its attempt number (1-based); true when it answered.</summary>
    public Func<int, int, HttpContext, Task<bool>>? Intercept { get; set; }

    public ReplayServer Server { get; private set; } = null!;
    public int Total => rows.Count;

    FakeDatasetsServer(JsonArray rows) => this.rows = rows;

    public static async Task<FakeDatasetsServer> StartAsync(string rowsFile)
    {
        var server = new FakeDatasetsServer((JsonArray)JsonNode.Parse(await File.ReadAllTextAsync(rowsFile))!);
        server.Server = await ReplayServer.StartAsync(server.HandleAsync);
        return server;
    }

    /// <summary>The offsets of the rows requests received, in order.</summary>
    public IReadOnlyList<int> Offsets()
    {
        lock (Server.Requests)
        {
            return Server.Requests.Select(r => new Uri(Server.Address, r.PathAndQuery)).Select(u => int.Parse(Query(u.Query, "offset")!)).ToList();
        }
    }

    static string? Query(string query, string name) =>
        query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();

    async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (context.Request.Path != "/rows" || query["dataset"] != "open-llm-leaderboard/contents" ||
            !int.TryParse(query["offset"], out var offset) || !int.TryParse(query["length"], out var length) || length is < 1 or > 100)
        {
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return;
        }

        if (Intercept is { } intercept && await intercept(offset, attempts.AddOrUpdate(offset, 1, (_, n) => n + 1), context))
        {
            return;
        }

        var page = new JsonArray(rows.Skip(offset).Take(length).Select(r => r!.DeepClone()).ToArray());
        var answer = new JsonObject { ["features"] = new JsonArray(), ["rows"] = page, ["num_rows_total"] = rows.Count, ["num_rows_per_page"] = 100, ["partial"] = false };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }
}
