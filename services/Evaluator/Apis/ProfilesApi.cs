using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Apis;

/// <summary>Stored access profiles: one model, or several side by side, each found by any spelling of its id and answered with the stored one.</summary>
public static class ProfilesApi
{
    public const int MaxCompared = 10;

    internal static void MapProfilesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/models/{author}/{name}", (string author, string name, IDocumentCollection<StoredAccessProfile> profiles, CancellationToken ct) =>
                GetProfile($"{author}/{name}", profiles, ct))
            .WithSummary("The access profile of a model's latest revision: every figure with the inputs of its formula.");
        api.MapGet("/models/{name}", (string name, IDocumentCollection<StoredAccessProfile> profiles, CancellationToken ct) => GetProfile(name, profiles, ct))
            .WithSummary("The access profile of a model with a legacy id without author.");
        api.MapGet("/compare", Compare)
            .WithSummary($"Up to {MaxCompared} profiles side by side, in the order asked: ?ids=author/name,author/name; with tensorParallel and/or pipelineParallel (and precision), each sized under that plan.");
    }

    static async Task<Results<Ok<StoredAccessProfile>, ProblemHttpResult>> GetProfile(string id, IDocumentCollection<StoredAccessProfile> profiles, CancellationToken ct) =>
        await profiles.GetAnyCaseAsync(id, ct) is { } profile ? TypedResults.Ok(profile) : Problems.UnknownModel(id);

    static async Task<Results<Ok<IReadOnlyList<ComparedProfile>>, ProblemHttpResult>> Compare(
        string? ids, string? tensorParallel, string? pipelineParallel, string? precision,
        IDocumentCollection<StoredAccessProfile> profiles, IDocumentCollection<ModelResources> models, WhatIfCalculator calculator, EvaluatorOptions options,
        CancellationToken ct)
    {
        int? tp, pp;
        Precision weights;
        try
        {
            tp = Degree(tensorParallel, DeploymentPlanner.TensorParallelField);
            pp = Degree(pipelineParallel, DeploymentPlanner.PipelineParallelField);
            weights = WhatIfRequest.ParsePrecision(precision, "precision");
        }
        catch (AccessCalculationException e) { return Problems.BadRequest(e); }

        var wanted = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (wanted.Count == 0) return Problems.BadRequest("Give the models to compare as ?ids=author/name,author/name.");
        if (wanted.Count > MaxCompared) return Problems.BadRequest($"{wanted.Count} models asked; at most {MaxCompared} can be compared at once.");

        var found = new List<StoredAccessProfile>();
        var missing = new List<string>();
        foreach (var id in wanted)
        {
            // Two spellings of one model are one model, answered once.
            if (await profiles.GetAnyCaseAsync(id, ct) is { } profile)
            {
                if (!found.Any(f => f.ModelId == profile.ModelId)) found.Add(profile);
            }
            else missing.Add(id);
        }

        if (missing.Count > 0)
            return TypedResults.Problem($"No model {string.Join(", ", missing.Select(m => $"'{m}'"))} is known.", statusCode: StatusCodes.Status404NotFound, title: "Model not found");

        var compared = new List<ComparedProfile>();
        foreach (var profile in found)
        {
            WhatIfAnswer? deployment = null;
            if (tp is not null || pp is not null)
            {
                if (await models.GetAsync(profile.ModelId, ct) is not { } resources) return Problems.UnknownModel(profile.ModelId);
                try
                {
                    deployment = calculator.Calculate(new WhatIfInput
                    {
                        Model = resources.ToProfileInput(),
                        Precision = weights,
                        OverheadFraction = options.OverheadFraction,
                        GpuId = options.GpuId,
                        RegionId = options.RegionId,
                        TensorParallel = tp,
                        PipelineParallel = pp,
                    });
                }
                catch (AccessCalculationException e)
                {
                    return Problems.BadRequest(new AccessCalculationException($"{profile.ModelId}: {e.Message}", e.Field, e.Rule));
                }
            }
            compared.Add(new ComparedProfile
            {
                ModelId = profile.ModelId, Revision = profile.Revision, LastModified = profile.LastModified,
                ProfileHash = profile.ProfileHash, Profile = profile.Profile, Deployment = deployment,
            });
        }
        return TypedResults.Ok<IReadOnlyList<ComparedProfile>>(compared);
    }

    /// <summary>A plan degree from the query: absent is null; anything but a whole number is refused naming the parameter.</summary>
    static int? Degree(string? value, string field) =>
        value is null ? null
        : int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : throw new AccessCalculationException($"{field} '{value}' is not a whole number.", field, "a whole number");
}

/// <summary>A stored profile as <c>/compare</c> answers it: the same fields, and <c>Deployment</c> under the plan asked for (null without one).</summary>
public sealed record ComparedProfile
{
    public required string ModelId { get; init; }
    public string? Revision { get; init; }
    public DateTimeOffset? LastModified { get; init; }
    public required string ProfileHash { get; init; }
    public required AccessProfile Profile { get; init; }
    public WhatIfAnswer? Deployment { get; init; }
}
