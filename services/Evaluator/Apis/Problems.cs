using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Apis;

/// <summary>The ProblemDetails answers for what a caller can get wrong.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    /// <summary>The message, and the field and rule as <c>field</c> and <c>rule</c> members when the calculation named them.</summary>
    public static ProblemHttpResult BadRequest(AccessCalculationException e)
    {
        var extensions = new Dictionary<string, object?>();
        if (e.Field is not null) extensions["field"] = e.Field;
        if (e.Rule is not null) extensions["rule"] = e.Rule;
        return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", extensions: extensions);
    }

    public static ProblemHttpResult UnknownModel(string id) =>
        TypedResults.Problem($"No model '{id}' is known.", statusCode: StatusCodes.Status404NotFound, title: "Model not found");
}
