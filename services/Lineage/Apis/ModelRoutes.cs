namespace OpenAccess.Lineage.Apis;

/// <summary>Hub ids are "author/name" (a few legacy ones a bare name): each id route is mapped in both shapes.</summary>
public static class ModelRoutes
{
    public static void MapGetById(this IEndpointRouteBuilder api, string prefix, string suffix, Func<string, HttpContext, Task<IResult>> handler, string summary)
    {
        api.MapGet($"{prefix}/{{author}}/{{name}}{suffix}", (string author, string name, HttpContext context) => handler($"{author}/{name}", context))
            .WithSummary(summary);
        api.MapGet($"{prefix}/{{name}}{suffix}", (string name, HttpContext context) => handler(name, context))
            .ExcludeFromDescription();
    }

    public static IResult NotFound(string what, string id) =>
        TypedResults.Problem($"No {what} '{id}' is known.", statusCode: StatusCodes.Status404NotFound, title: $"{char.ToUpperInvariant(what[0])}{what[1..]} not found");

    public static T Service<T>(this HttpContext context) where T : notnull => context.RequestServices.GetRequiredService<T>();
}
