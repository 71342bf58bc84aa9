using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Apis;

public static class HarvestApi
{
    public static RouteGroupBuilder MapHarvesterApi(this IEndpointRouteBuilder app, string prefix = "")
    {
        var api = app.MapGroup(prefix).WithTags("Harvester");
        api.MapPost("/snapshots", ImportSnapshot)
            .WithSummary("Import a snapshot file (JSONL, optionally gzip) sent as the request body; answers with the queued run.");
        api.MapGet("/runs", ListRuns).WithSummary("Import and harvest runs, most recent first.");
        api.MapGet("/runs/{id}", GetRun).WithSummary("One run with its progress and the records it refused.");
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

        var run = await imports.ImportUploadAsync(request.Body, string.IsNullOrWhiteSpace(name) ? "upload" : name, cancellationToken);
        return TypedResults.Accepted($"runs/{run.Id}", run);
    }

    static async Task<Results<Ok<IReadOnlyList<HarvestRun>>, ProblemHttpResult>> ListRuns(IHarvestStore store, int? limit, CancellationToken cancellationToken)
    {
        var n = limit ?? 50;
        if (n is < 1 or > 1000)
        {
            return TypedResults.Problem("limit must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(await store.ListRunsAsync(n, cancellationToken));
    }

    static async Task<Results<Ok<HarvestRun>, ProblemHttpResult>> GetRun(string id, IHarvestStore store, CancellationToken cancellationToken) =>
        await store.GetRunAsync(id, cancellationToken) is { } run
            ? TypedResults.Ok(run)
            : TypedResults.Problem($"No run '{id}'.", statusCode: StatusCodes.Status404NotFound);
}
