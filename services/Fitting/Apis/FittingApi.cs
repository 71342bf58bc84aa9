using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Fitting.Apis;

public static class FittingApi
{
    public static RouteGroupBuilder MapFittingApi(this IEndpointRouteBuilder app, string prefix = "")
    {
        var api = app.MapGroup(prefix).WithTags("Fitting");
        api.MapGet("/series/{author}/{name}", (string author, string name, IDocumentCollection<FamilyAdoptionChanged> series, CancellationToken ct) =>
            GetSeries($"{author}/{name}", series, ct)).WithSummary("The latest adoption series received for a family.");
        api.MapGet("/series/{name}", (string name, IDocumentCollection<FamilyAdoptionChanged> series, CancellationToken ct) => GetSeries(name, series, ct));
        return api;
    }

    static async Task<Results<Ok<FamilyAdoptionChanged>, ProblemHttpResult>> GetSeries(string id, IDocumentCollection<FamilyAdoptionChanged> series, CancellationToken ct) =>
        await series.GetAsync(id, ct) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem($"No adoption series for family '{id}' yet.", statusCode: StatusCodes.Status404NotFound, title: "Family not found");
}
