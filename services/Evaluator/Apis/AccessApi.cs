using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Apis;

public static class AccessApi
{
    public static RouteGroupBuilder MapEvaluatorApi(this IEndpointRouteBuilder app, string prefix = "")
    {
        var api = app.MapGroup(prefix).WithTags("Access");
        api.MapGet("/models/{author}/{name}", (string author, string name, IDocumentCollection<ModelResources> models, CancellationToken ct) =>
            GetModel($"{author}/{name}", models, ct)).WithSummary("What the Evaluator knows of a model: parameter counts, config, licence.");
        api.MapGet("/models/{name}", (string name, IDocumentCollection<ModelResources> models, CancellationToken ct) => GetModel(name, models, ct));
        return api;
    }

    static async Task<Results<Ok<ModelResources>, ProblemHttpResult>> GetModel(string id, IDocumentCollection<ModelResources> models, CancellationToken ct) =>
        await models.GetAsync(id, ct) is { } model
            ? TypedResults.Ok(model)
            : TypedResults.Problem($"No model '{id}' is known.", statusCode: StatusCodes.Status404NotFound, title: "Model not found");
}
