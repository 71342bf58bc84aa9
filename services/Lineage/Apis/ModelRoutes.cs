using OpenAccess.Lineage.Extensions;
using OpenAccess.ServiceDefaults.FirstStart;

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

    /// <summary>The 404 of a model or family, saying so while the first start's import is still being stored (as Fitting's do).</summary>
    public static async Task<IResult> NotFoundAsync(string what, string id, HttpContext context)
    {
        var options = context.Service<LineageOptions>();
        var progress = await context.Service<FirstStartImport>().DescribeAsync(context.Request,
            new FirstStartSettings(options.HarvestRunsUrl, options.HarvestRunsTimeout, TimeSpan.Zero), afterStored: null, context.RequestAborted);
        return FirstStartImport.NotFound($"No {what} '{id}' is known.", $"{char.ToUpperInvariant(what[0])}{what[1..]} not found", progress);
    }

    public static T Service<T>(this HttpContext context) where T : notnull => context.RequestServices.GetRequiredService<T>();
}
