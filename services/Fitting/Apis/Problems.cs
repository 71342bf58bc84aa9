using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Fitting.Extensions;
using OpenAccess.Fitting.Storage;
using OpenAccess.ServiceDefaults.FirstStart;

namespace OpenAccess.Fitting.Apis;

/// <summary>The ProblemDetails answers a client can cause.</summary>
static class Problems
{
    public static ProblemHttpResult UnknownFamily(string id) =>
        TypedResults.Problem($"No adoption series for family '{id}' yet.", statusCode: StatusCodes.Status404NotFound, title: "Family not found");

    /// <summary>The 404 of a family, saying so when the first start's data is still being imported or fitted.</summary>
    public static async Task<ProblemHttpResult> UnknownFamilyAsync(string id, HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<FittingOptions>();
        var store = context.RequestServices.GetRequiredService<FittingStore>();
        var progress = await context.RequestServices.GetRequiredService<FirstStartImport>().DescribeAsync(context.Request,
            new FirstStartSettings(options.HarvestRunsUrl, options.HarvestRunsTimeout, options.FirstStartWindow),
            async ct => $"the families' series are being published and fitted ({(await store.Fits.CountAsync(ct)).ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)} fitted so far)",
            context.RequestAborted);
        if (progress is null) return UnknownFamily(id);
        return TypedResults.Problem($"No adoption series for family '{id}' yet. {progress.Summary}", statusCode: StatusCodes.Status404NotFound,
            title: "Family not found yet: the first start's data is still arriving", extensions: new Dictionary<string, object?> { ["firstStart"] = progress });
    }

    public static ProblemHttpResult BadParameter(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad query parameter");
}
