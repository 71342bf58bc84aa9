using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpenAccess.Testing;

/// <summary>
/// A real HTTP server answering the Harvester's <c>GET /runs</c> with <see cref="Runs"/>, for the services that tell a first
/// start's progress in their 404s (the shared <c>FirstStartImport</c>).
/// </summary>
public sealed class FakeHarvesterRuns : IAsyncDisposable
{
    readonly WebApplication app;

    FakeHarvesterRuns(WebApplication app) => this.app = app;

    /// <summary>The JSON <c>GET /runs</c> answers; anything, so a test can also serve what no Harvester would.</summary>
    public string Runs { get; set; } = "[]";

    /// <summary>The address of <c>/runs</c>, for the service's <c>HarvestRunsUrl</c> setting.</summary>
    public string Url => $"{app.Urls.First()}/runs";

    public static async Task<FakeHarvesterRuns> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.OnFreeLoopbackPort();
        var app = builder.Build();
        var fake = new FakeHarvesterRuns(app);
        app.MapGet("/runs", () => Results.Content(fake.Runs, "application/json"));
        await app.StartAsync();
        return fake;
    }

    /// <summary>
    /// The bundled snapshot's start-up run (<c>run-1</c>, 1,284 models published) as the Harvester's API gives it, with one entry
    /// a consumer queue (its models counted as <c>ModelDiscovered</c>, as the services report them): its stored count and when it caught up (null while it has not).
    /// </summary>
    public static string SnapshotRun(string status, IEnumerable<(string Queue, long Stored)> consumers, string? caughtUpAt, string trigger = "startup")
    {
        var caughtUp = caughtUpAt is null ? "null" : $"\"{caughtUpAt}\"";
        var entries = consumers.Select(c =>
            $$"""{ "name": "{{c.Queue}}", "messageType": "ModelDiscovered", "stored": {{c.Stored}}, "published": 1284, "caughtUpAt": {{caughtUp}} }""");
        return $$"""
            [{ "id": "run-1", "source": "snapshot", "name": "hub-model-trees-2025-04.jsonl.gz", "status": "{{status}}", "published": 1284,
               "trigger": "{{trigger}}", "startedAt": "2026-01-01T00:00:00Z",
               "consumers": [ {{string.Join(", ", entries)}} ] }]
            """;
    }

    /// <summary>The 404 a service answers for <paramref name="path"/>, as JSON; fails the test on any other status.</summary>
    public static async Task<JsonElement> NotFoundAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}, not 404: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
