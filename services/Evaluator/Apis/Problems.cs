using Microsoft.AspNetCore.Http.HttpResults;

namespace OpenAccess.Evaluator.Apis;

/// <summary>The ProblemDetails answers for what a caller can get wrong.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public static ProblemHttpResult UnknownModel(string id) =>
        TypedResults.Problem($"No model '{id}' is known.", statusCode: StatusCodes.Status404NotFound, title: "Model not found");
}
