using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Contracts;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Apis;

public static class LineageApi
{
    const int DefaultPage = 100, MaxPage = 1000;

    public static RouteGroupBuilder MapLineageApi(this IEndpointRouteBuilder app, string prefix = "")
    {
        var api = app.MapGroup(prefix).WithTags("Lineage");
        // Hub ids are "author/name" (a few legacy ones are a bare name), so both shapes are routed.
        api.MapGet("/models/{author}/{name}", (string author, string name, IDocumentCollection<LineageModel> models, CancellationToken ct) =>
            GetModel($"{author}/{name}", models, ct)).WithSummary("A model with its parents and its first page of children.");
        api.MapGet("/models/{name}", (string name, IDocumentCollection<LineageModel> models, CancellationToken ct) => GetModel(name, models, ct));
        api.MapGet("/models/{author}/{name}/children", (string author, string name, int? offset, int? limit, IDocumentCollection<LineageModel> models, CancellationToken ct) =>
            GetChildren($"{author}/{name}", offset, limit, models, ct)).WithSummary("Direct children of a model, ordered by id, paged.");
        api.MapGet("/models/{name}/children", (string name, int? offset, int? limit, IDocumentCollection<LineageModel> models, CancellationToken ct) =>
            GetChildren(name, offset, limit, models, ct));
        api.MapGet("/stats/summary", async (IDocumentCollection<LineageModel> models, CancellationToken ct) =>
            TypedResults.Ok(new { models = await models.CountAsync(ct) })).WithSummary("How many models the graph holds.");
        return api;
    }

    static async Task<Results<Ok<ModelView>, ProblemHttpResult>> GetModel(string id, IDocumentCollection<LineageModel> models, CancellationToken ct)
    {
        if (await models.GetAsync(id, ct) is not { } model)
        {
            return NotFound(id);
        }

        var children = await models.FindByKeyAsync(id, 0, DefaultPage, ct);
        var total = await models.CountByKeyAsync(id, ct);
        return TypedResults.Ok(new ModelView(model, ToLinks(id, children), total));
    }

    static async Task<Results<Ok<ChildrenPage>, ProblemHttpResult>> GetChildren(string id, int? offset, int? limit, IDocumentCollection<LineageModel> models, CancellationToken ct)
    {
        var (skip, take) = (offset ?? 0, limit ?? DefaultPage);
        if (skip < 0 || take is < 1 or > MaxPage)
        {
            return TypedResults.Problem($"offset must be 0 or more and limit between 1 and {MaxPage}.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (await models.GetAsync(id, ct) is null && await models.CountByKeyAsync(id, ct) == 0)
        {
            return NotFound(id);
        }

        var children = await models.FindByKeyAsync(id, skip, take, ct);
        return TypedResults.Ok(new ChildrenPage(id, skip, take, await models.CountByKeyAsync(id, ct), ToLinks(id, children)));
    }

    static IReadOnlyList<ChildView> ToLinks(string parentId, IReadOnlyList<LineageModel> children) =>
        children.Select(c => new ChildView(c.Id, c.Parents.First(p => p.Id == parentId).Relation, c.CreatedAt)).ToList();

    static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No model '{id}' is known.", statusCode: StatusCodes.Status404NotFound, title: "Model not found");
}

public sealed record ModelView(LineageModel Model, IReadOnlyList<ChildView> Children, long ChildrenTotal);

public sealed record ChildView(string Id, BaseModelRelation Relation, DateTimeOffset? CreatedAt);

public sealed record ChildrenPage(string ParentId, int Offset, int Limit, long Total, IReadOnlyList<ChildView> Children);
