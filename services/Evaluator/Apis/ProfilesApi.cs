using Microsoft.AspNetCore.Http.HttpResults;
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
            .WithSummary($"Up to {MaxCompared} profiles side by side, in the order asked: ?ids=author/name,author/name");
    }

    static async Task<Results<Ok<StoredAccessProfile>, ProblemHttpResult>> GetProfile(string id, IDocumentCollection<StoredAccessProfile> profiles, CancellationToken ct) =>
        await profiles.GetAnyCaseAsync(id, ct) is { } profile ? TypedResults.Ok(profile) : Problems.UnknownModel(id);

    static async Task<Results<Ok<IReadOnlyList<StoredAccessProfile>>, ProblemHttpResult>> Compare(
        string? ids, IDocumentCollection<StoredAccessProfile> profiles, CancellationToken ct)
    {
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

        return missing.Count == 0
            ? TypedResults.Ok<IReadOnlyList<StoredAccessProfile>>(found)
            : TypedResults.Problem($"No model {string.Join(", ", missing.Select(m => $"'{m}'"))} is known.", statusCode: StatusCodes.Status404NotFound, title: "Model not found");
    }
}
