using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Fitting.Refitting;
using OpenAccess.Fitting.Storage;

namespace OpenAccess.Fitting.Apis;

/// <summary>The shared m and the admin action that re-estimates it and refits every family.</summary>
static class SharedMEndpoints
{
    public static void MapSharedMEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/m", async (SharedM sharedM, CancellationToken ct) => TypedResults.Ok(await sharedM.CurrentAsync(ct)))
            .WithSummary("The m all families are fitted with: configured, estimated (with its profile) or initial.");
        api.MapPost("/refit-all", (RefitAllRunner runner) => TypedResults.Accepted("refit-all", runner.Start("request", refitWhenMUnchanged: true).Status))
            .WithSummary("Admin: re-estimate m (unless configured) and refit every family; 202 with the run, progress at GET /refit-all.");
        api.MapGet("/refit-all", (RefitAllRunner runner) => TypedResults.Ok(runner.Status))
            .WithSummary("Progress of the last refit of all families.");
    }
}
