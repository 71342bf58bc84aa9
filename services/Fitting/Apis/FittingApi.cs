using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Fitting.Apis;

/// <summary>
/// The Fitting service's endpoints, relative to the prefix the host gives them (<c>/api/fitting</c>).
/// Hub ids contain a slash, so every family route exists as <c>{author}/{name}</c> and as a bare <c>{name}</c>. A family is
/// found by any spelling of its id, and answered with the spelling it is stored under (Lineage's).
/// </summary>
public static class FittingApi
{
    public static RouteGroupBuilder MapFittingApi(this IEndpointRouteBuilder app, string prefix = "")
    {
        var api = app.MapGroup(prefix).WithTags("Fitting");
        api.MapGet("/series/{author}/{name}", (string author, string name, IDocumentCollection<FamilyAdoptionChanged> series, HttpContext context, CancellationToken ct) =>
            GetSeries($"{author}/{name}", series, context, ct)).WithSummary("The latest adoption series received for a family.");
        api.MapGet("/series/{name}", (string name, IDocumentCollection<FamilyAdoptionChanged> series, HttpContext context, CancellationToken ct) => GetSeries(name, series, context, ct));
        api.MapFitEndpoints();
        api.MapEcosystemEndpoints();
        api.MapSharedMEndpoints();
        return api;
    }

    static async Task<Results<Ok<FamilyAdoptionChanged>, ProblemHttpResult>> GetSeries(
        string id, IDocumentCollection<FamilyAdoptionChanged> series, HttpContext context, CancellationToken ct) =>
        await series.GetAnyCaseAsync(id, ct) is { } found ? TypedResults.Ok(found) : await Problems.UnknownFamilyAsync(id, context);
}
