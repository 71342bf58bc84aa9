using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Inference;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Apis;

public static class ModelsApi
{
    const int DefaultPage = 100, MaxPage = 1000;

    public static void MapModelsApi(this IEndpointRouteBuilder api)
    {
        api.MapGetById("/models", "", GetModel, "A model: what the Hub says of it, its place in the graph (parents, paged by 'parentsOffset' and 'parentsLimit'; children counts; families) and its first page of children.");
        api.MapGetById("/models", "/children", GetChildren, "Direct children of a model, ordered by id, paged by offset.");
        api.MapGetById("/models", "/ancestors", GetAncestors, "Paths from the model up to its roots (models with no parent), at most 'maxPaths'; 'truncated' says there were more.");
        api.MapGetById("/models", "/descendants", GetDescendants,
            "Descendants at any depth, filtered by relation and depth, sorted by createdAt, downloads or likes; paged by the 'next' cursor.");
        api.MapGetById("/models", "/inferred-parents", GetInferredParents,
            "The parent recovered for a model that declares none (name, card text, adapter config, config shape, author, time), with its confidence and evidence, and the other candidates.");
        api.MapGet("/search", Search).WithSummary("Models whose id starts with 'prefix', or by 'author' (newest first), or the first 'limit' of all by 'sort' (downloads, newest).");
    }

    static async Task<IResult> GetModel(string id, HttpContext context)
    {
        var query = new QueryParameters(context.Request);
        var (offset, limit) = (query.Int("parentsOffset", 0, 0, int.MaxValue), query.Int("parentsLimit", DefaultPage, 1, MaxPage));
        var links = query.ModelLinks();
        if (query.HasErrors) return query.Problem();

        var state = context.Service<GraphState>();
        id = state.Graph.DisplayId(id) ?? id;
        var models = context.Service<IDocumentCollection<StoredModel>>();
        if (await models.GetAsync(id, context.RequestAborted) is not { } model)
        {
            return await ModelRoutes.NotFoundAsync("model", id, context);
        }

        var children = await models.FindByKeyAsync(id, 0, DefaultPage, context.RequestAborted);
        var total = await models.CountByKeyAsync(id, context.RequestAborted);
        var graph = state.Graph.GetModel(id);
        // Parents are capped per model, but the cap is a setting: the answer holds one page of them.
        return TypedResults.Ok(new ModelAnswer(
            model with { Parents = [.. model.Parents.Skip(offset).Take(limit)] },
            graph is null ? null : graph with { Parents = [.. graph.Parents.Skip(offset).Take(limit)] },
            model.Parents.Count,
            ToLinks(id, children), total, state.ScoresOf(id), state.NearestScoredAncestor(id))
        {
            Parents = [.. ListedParents(state, context.Service<InferredParents>(), model, links).Skip(offset).Take(limit)],
            FromLeaderboard = LeaderboardFields.Of(model, state.LeaderboardRecordOf(id)),
        });
    }

    /// <summary>The parents <c>links</c> asks for. A declared link always wins: a model with any has no inferred parent.</summary>
    static IReadOnlyList<SourcedParent> ListedParents(GraphState state, InferredParents inferred, StoredModel model, ParentLinks links)
    {
        var declared = SourcedParents(state, model).ToList();
        if (links == ParentLinks.Declared || declared.Count > 0) return links == ParentLinks.Inferred ? [] : declared;
        return inferred.Of(model.Id) is { } found ? [SourcedParent.Inferred(found.Link)] : [];
    }

    static Task<IResult> GetInferredParents(string id, HttpContext context) => Task.FromResult(InferredParentsOf(id, context));

    static IResult InferredParentsOf(string id, HttpContext context)
    {
        if (!context.Service<LineageOptions>().Inference.Enabled)
            return TypedResults.Problem(QueryParameters.InferenceOff, statusCode: StatusCodes.Status400BadRequest, title: "Bad query parameter");
        var state = context.Service<GraphState>();
        if (state.Graph.GetModel(id) is not { Pending: false } view) return ModelRoutes.NotFound("model", id);
        var inferred = context.Service<InferredParents>();
        // Recovery reads the Hub's graph; a model whose only parent is the leaderboard's base declares one here too.
        var declares = view.Parents.Count > 0 || state.LeaderboardBaseOf(view.Id) is not null;
        var found = declares ? null : inferred.Of(view.Id);
        return TypedResults.Ok(new InferredParentsAnswer(view.Id, declares, found is { } f ? SourcedParent.Inferred(f.Link) : null,
            found is { } a ? [.. a.Alternatives.Select(SourcedParent.Inferred)] : [], inferred.GraphVersion, inferred.RecoveredAt));
    }

    /// <summary>
    /// The Hub's parents (source <c>hub</c>); without any, the leaderboard's base model (source <c>leaderboard</c>) when the graph
    /// with leaderboard links kept it (a link that would close a cycle or make a chain too long is refused there, and not shown);
    /// without that graph (LeaderboardLinkGraph off), the base model the rows name, unchecked.
    /// </summary>
    static IEnumerable<SourcedParent> SourcedParents(GraphState state, StoredModel model)
    {
        if (model.Parents.Count > 0) return model.Parents.Select(p => new SourcedParent(p.Id, p.Relation, ParentSources.Hub));
        if (state.GraphWithLeaderboardLinks is null)
        {
            // Without that graph the link is not checked for cycles or depth; it is still what the leaderboard says.
            return state.LeaderboardBaseOf(model.Id) is { } named ? [new SourcedParent(named, BaseModelRelation.Finetune, ParentSources.Leaderboard)] : [];
        }

        return state.GraphWithLeaderboardLinks.GetModel(model.Id) is { } linked
            ? linked.Parents.Select(p => new SourcedParent(p.Id, p.Relation, ParentSources.Leaderboard))
            : [];
    }

    static async Task<IResult> GetChildren(string id, HttpContext context)
    {
        var query = new QueryParameters(context.Request);
        var (offset, limit) = (query.Int("offset", 0, 0, int.MaxValue), query.Int("limit", DefaultPage, 1, MaxPage));
        if (query.HasErrors) return query.Problem();

        id = context.Service<GraphState>().Graph.DisplayId(id) ?? id;
        var models = context.Service<IDocumentCollection<StoredModel>>();
        var total = await models.CountByKeyAsync(id, context.RequestAborted);
        if (total == 0 && await models.GetAsync(id, context.RequestAborted) is null)
        {
            return await ModelRoutes.NotFoundAsync("model", id, context);
        }

        var children = await models.FindByKeyAsync(id, offset, limit, context.RequestAborted);
        return TypedResults.Ok(new ChildrenPage(id, offset, limit, total, ToLinks(id, children)));
    }

    static async Task<IResult> GetAncestors(string id, HttpContext context)
    {
        var query = new QueryParameters(context.Request);
        var most = context.Service<LineageOptions>().MaxAncestorPaths;
        var maxPaths = query.Int("maxPaths", most, 1, most);
        if (query.HasErrors) return query.Problem();
        return context.Service<GraphState>().Graph.GetAncestors(id, maxPaths) is { } paths
            ? TypedResults.Ok(paths)
            : await ModelRoutes.NotFoundAsync("model", id, context);
    }

    static async Task<IResult> GetDescendants(string id, HttpContext context)
    {
        var query = new QueryParameters(context.Request);
        var after = query.Text("after");
        DescendantCursor? cursor = null;
        if (after is not null && !DescendantCursor.TryParse(after, out cursor))
        {
            return (TypedResults.Problem("'after' must be the 'next' value of a previous page of this list, not '" + after + "'.", statusCode: StatusCodes.Status400BadRequest, title: "Bad query parameter"));
        }

        var request = new DescendantQuery
        {
            Relation = query.Enum<BaseModelRelation>("relation"),
            MaxDepth = query.Int("maxDepth", int.MaxValue, 1, int.MaxValue),
            Sort = query.Enum<DescendantSort>("sort") ?? DescendantSort.CreatedAt,
            Descending = query.Bool("descending", true),
            Limit = query.Int("limit", 50, 1, MaxPage),
            After = cursor,
        };
        if (query.HasErrors) return query.Problem();
        return context.Service<GraphState>().Graph.GetDescendants(id, request) is { } page
            ? TypedResults.Ok(new DescendantsAnswer(id, page.Items, page.TotalMatching, page.Next?.ToString()))
            : await ModelRoutes.NotFoundAsync("model", id, context);
    }

    static IResult Search(HttpContext context)
    {
        var query = new QueryParameters(context.Request);
        var (prefix, author, sort) = (query.Text("prefix"), query.Text("author"), query.Text("sort"));
        var (limit, offset) = (query.Int("limit", 50, 1, MaxPage), query.Int("offset", 0, 0, int.MaxValue));
        var ranking = sort is null ? (DescendantSort?)null : query.OneOf("sort", "downloads", "downloads", "newest") == "newest" ? DescendantSort.CreatedAt : DescendantSort.Downloads;
        if (query.HasErrors) return query.Problem();
        var graph = context.Service<GraphState>().Graph;
        return (prefix, author, ranking) switch
        {
            ({ } p, null, null) => TypedResults.Ok(graph.SearchById(p, limit)),
            (null, { } a, null) => TypedResults.Ok(graph.SearchByAuthor(a, limit, offset)),
            (null, null, { } r) => TypedResults.Ok(graph.TopModels(r, limit)),
            _ => TypedResults.Problem("Give exactly one of 'prefix', 'author' and 'sort'.", statusCode: StatusCodes.Status400BadRequest, title: "Bad query parameter"),
        };
    }

    static IReadOnlyList<ChildView> ToLinks(string parentId, IReadOnlyList<StoredModel> children) =>
        children.Select(c => new ChildView(c.Id, c.Parents.First(p => string.Equals(p.Id, parentId, StringComparison.OrdinalIgnoreCase)).Relation, c.CreatedAt)).ToList();
}

/// <summary>
/// A model: the stored record, its view in the graph (null only while the graph has not caught up), its first
/// children, its leaderboard scores and those of its nearest scored ancestor (its base, for the comparison).
/// The record and the view hold one page of the ParentsTotal parents ('parentsOffset', 'parentsLimit': first 100 by default).
/// </summary>
public sealed record ModelAnswer(
    StoredModel Model, ModelView? Graph, int ParentsTotal, IReadOnlyList<ChildView> Children, long ChildrenTotal, ModelBenchmarks? Benchmarks, ModelBenchmarks? BaseBenchmarks)
{
    /// <summary>The same page of parents, each with where the link comes from: the Hub's tags, or (when they name none) the leaderboard.</summary>
    public IReadOnlyList<SourcedParent> Parents { get; init; } = [];

    /// <summary>Fields the Hub record lacks that a leaderboard row of the model gives; null when it gives none.</summary>
    public LeaderboardFields? FromLeaderboard { get; init; }
}

public static class ParentSources
{
    public const string Hub = "hub", Leaderboard = "leaderboard", Inferred = "inferred";
}

/// <summary>A parent and where the link comes from; an inferred one (<c>source: inferred</c>) also says how sure and why.</summary>
public sealed record SourcedParent(string Id, BaseModelRelation Relation, string Source)
{
    /// <summary>0–1, for an inferred link; null for a declared one.</summary>
    public double? Confidence { get; init; }

    /// <summary>What the inferred link rests on; null for a declared one.</summary>
    public IReadOnlyList<InferenceEvidence>? Evidence { get; init; }

    public static SourcedParent Inferred(InferredLink link) =>
        new(link.ParentId, link.Kind, ParentSources.Inferred) { Confidence = link.Confidence, Evidence = link.Evidence };
}

/// <summary>
/// The recovered parent of a model (null when it declares one, or nothing was found), the other candidates, and the graph
/// version and time of the run they come from (null before the first run).
/// </summary>
public sealed record InferredParentsAnswer(
    string ModelId, bool DeclaresParents, SourcedParent? Link, IReadOnlyList<SourcedParent> Alternatives, long? GraphVersion, DateTimeOffset? RecoveredAt);

/// <summary>
/// Architecture, size and licence from a leaderboard row, each only where the Hub record has none (no architecture and no model
/// type; no parameter count; no <c>license:</c> tag). <see cref="Source"/> names the row: <c>open-llm-leaderboard v2</c>.
/// </summary>
public sealed record LeaderboardFields(string Source, string? Architecture, long? ParameterCount, string? License)
{
    public static LeaderboardFields? Of(StoredModel model, BenchmarkUpdated? row)
    {
        if (row is null) return null;
        var architecture = model.Architectures.Count == 0 && model.ModelType is null ? row.Architecture : null;
        var parameters = model.ParameterCount is null && row.ParametersInBillions is { } billions ? (long?)Math.Round(billions * 1e9) : null;
        var license = model.Tags.Any(t => t.StartsWith("license:", StringComparison.OrdinalIgnoreCase)) ? null : row.License;
        return architecture is null && parameters is null && license is null ? null
            : new LeaderboardFields($"{row.Leaderboard} {row.LeaderboardVersion}", architecture, parameters, license);
    }
}

public sealed record ChildView(string Id, BaseModelRelation Relation, DateTimeOffset? CreatedAt);

public sealed record ChildrenPage(string ParentId, int Offset, int Limit, long Total, IReadOnlyList<ChildView> Children);

public sealed record DescendantsAnswer(string ModelId, IReadOnlyList<DescendantItem> Items, int TotalMatching, string? Next);
