using Microsoft.AspNetCore.Http.HttpResults;

namespace OpenAccess.Fitting.Apis;

/// <summary>The ProblemDetails answers a client can cause.</summary>
static class Problems
{
    public static ProblemHttpResult UnknownFamily(string id) =>
        TypedResults.Problem($"No adoption series for family '{id}' yet.", statusCode: StatusCodes.Status404NotFound, title: "Family not found");

    public static ProblemHttpResult BadParameter(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad query parameter");
}
