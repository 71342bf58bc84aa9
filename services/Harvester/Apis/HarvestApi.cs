using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Runs;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging.Replay;

namespace OpenAccess.Harvester.Apis;

/// <summary>The body of <c>POST /runs</c>.</summary>
public sealed record StartRunRequest(string? Source, RunOptions? Options);

public static class HarvestApi
{
    public static RouteGroupBuilder MapHarvesterApi(this IEndpointRouteBuilder app, string prefix = "")
    {
        var api = app.MapGroup(prefix).WithTags("Harvester");
        api.MapPost("/snapshots", ImportSnapshot)
            .WithSummary("Import a file sent as the request body (JSONL snapshot, Hub crawl CSV or leaderboard table, optionally gzip); answers with the queued run.");
        api.MapGet("/snapshots/export", Export).WithSummary("Every harvested model record as a JSONL snapshot (gzip with ?gzip=true).");
        api.MapPost("/runs", StartRun).WithSummary("Start a run: source hub | leaderboard-v1 | leaderboard-v2 | snapshot, with options.");
        api.MapGet("/runs", ListRuns).WithSummary("Import and harvest runs, most recent first.");
        api.MapGet("/runs/{id}", GetRun).WithSummary("One run with its progress: pages, models seen/new/changed/quarantined, requests, 429s waited, rate, ETA, and how far each consumer has stored its events.");
        api.MapDelete("/runs/{id}", CancelRun).WithSummary("Cancel a run that is going on.");
        api.MapReplayApi(nameof(OpenAccess.Contracts.ModelDiscovered), nameof(OpenAccess.Contracts.ModelsDiscovered));
        api.MapGet("/quarantine", ListQuarantine).WithSummary("Records runs refused, with the reason, newest first; an admin route (the raw text of a refused record may hold anything its file held).");
        return api;
    }

    static async Task<Results<Accepted<HarvestRun>, ProblemHttpResult>> ImportSnapshot(
        HttpRequest request, ImportService imports, string? name, CancellationToken cancellationToken)
    {
        // A whole-Hub snapshot is gigabytes: the upload streams to disk, so no body size limit applies here.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        if (request.ContentLength == 0)
        {
            return TypedResults.Problem("The request body is empty: send the snapshot file as the body.", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var run = await imports.ImportUploadAsync(request.Body, string.IsNullOrWhiteSpace(name) ? "upload" : name, cancellationToken);
            return TypedResults.Accepted($"runs/{run.Id}", run);
        }
        catch (Exception e) when (e is BadHttpRequestException || request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client stopped sending (or sent less than its Content-Length): the partial file is gone and no run was
            // made. Not a server error, so it is answered, to whoever is still there, instead of logged as unhandled.
            return TypedResults.Problem("The upload ended before its body was whole; nothing was imported. Send the file again.",
                statusCode: StatusCodes.Status400BadRequest);
        }
    }

    static Results<PushStreamHttpResult, ProblemHttpResult> Export(SnapshotExporter exporter, string? gzip, CancellationToken cancellationToken)
    {
        if (!QueryValues.TryBool(nameof(gzip), gzip, false, out var compressed, out var problem)) return problem!;
        return compressed
            ? TypedResults.Stream(body => exporter.ExportAsync(body, gzip: true, cancellationToken), "application/gzip", "snapshot.jsonl.gz")
            : TypedResults.Stream(body => exporter.ExportAsync(body, gzip: false, cancellationToken), "application/x-ndjson", "snapshot.jsonl");
    }

    static async Task<Results<Accepted<HarvestRun>, ProblemHttpResult>> StartRun(StartRunRequest? body, RunManager runs, CancellationToken cancellationToken)
    {
        try
        {
            var run = await runs.StartAsync(body?.Source, body?.Options, cancellationToken);
            return TypedResults.Accepted($"runs/{run.Id}", run);
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    static async Task<Results<Ok<IReadOnlyList<HarvestRun>>, ProblemHttpResult>> ListRuns(IHarvestStore store, string? limit, CancellationToken cancellationToken)
    {
        if (!QueryValues.TryInt(nameof(limit), limit, 50, 1, 1000, out var n, out var problem)) return problem!;
        var runs = await store.ListRunsAsync(n, cancellationToken);
        var reports = await store.GetRunProgressAsync([.. runs.Select(r => r.Id)], cancellationToken);
        return TypedResults.Ok<IReadOnlyList<HarvestRun>>([.. runs.Select(r => RunConsumer.With(r, reports))]);
    }

    static async Task<Results<Ok<HarvestRun>, ProblemHttpResult>> GetRun(string id, IHarvestStore store, CancellationToken cancellationToken) =>
        await store.GetRunAsync(id, cancellationToken) is { } run
            ? TypedResults.Ok(RunConsumer.With(run, await store.GetRunProgressAsync([run.Id], cancellationToken)))
            : TypedResults.Problem($"No run '{id}'.", statusCode: StatusCodes.Status404NotFound);

    static async Task<Results<Ok<HarvestRun>, ProblemHttpResult>> CancelRun(string id, RunManager runs, IHarvestStore store, CancellationToken cancellationToken)
    {
        if (await store.GetRunAsync(id, cancellationToken) is null)
        {
            return TypedResults.Problem($"No run '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }

        if (!await runs.CancelAsync(id))
        {
            return TypedResults.Problem($"Run '{id}' is not going on; only a Hub or leaderboard run in progress can be cancelled.", statusCode: StatusCodes.Status409Conflict);
        }

        return TypedResults.Ok((await store.GetRunAsync(id, cancellationToken))!);
    }

    static async Task<Results<Ok<IReadOnlyList<QuarantinedRecord>>, ProblemHttpResult>> ListQuarantine(
        IHarvestStore store, string? run, string? offset, string? limit, CancellationToken cancellationToken)
    {
        if (!QueryValues.TryInt(nameof(offset), offset, 0, 0, int.MaxValue, out var skip, out var problem)
            || !QueryValues.TryInt(nameof(limit), limit, 100, 1, 1000, out var n, out problem))
        {
            return problem!;
        }

        return TypedResults.Ok(await store.ListQuarantineAsync(run, skip, n, cancellationToken));
    }
}
