using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Extensions;
using OpenAccess.Lineage.Storage;

namespace OpenAccess.Lineage.Graph;

/// <summary>
/// The one way a model record enters the graph, from the bus or from the store at start, so that the
/// store, the graph and the API agree: an id the graph cannot take is not stored, an implausible creation
/// date is dropped, and the record keeps the id and parent links as the graph keeps them (first spelling
/// seen, refused links apart with their reason, parents past the cap counted). Each of these is logged.
/// </summary>
public sealed class ModelIntake(GraphState state, LineageOptions options, TimeProvider time, ILogger<ModelIntake> logger)
{
    /// <summary>The revision and leaderboard label of each record applied, as stored: what the consumer checks an arriving revision against.</summary>
    public ModelRevisions Revisions { get; } = new();

    /// <summary>What was applied: the record to store, and whether it differs from the record given.</summary>
    public sealed record Applied(StoredModel Record, bool Changed);

    /// <summary>Applies <paramref name="model"/> to the graph; null when its id is not one the graph takes (nothing to store).</summary>
    public Applied? Apply(StoredModel model)
    {
        if (ModelIds.Problem(model.Id, options.MaxIdLength) is { } problem)
        {
            logger.LogWarning("Not stored: '{ModelId}' is not a model id ({Problem})", Shorten(model.Id), problem);
            return null;
        }

        var changed = false;
        if (model.CreatedAt is { } created && !IsPlausible(created))
        {
            logger.LogWarning("{ModelId}: creation date {CreatedAt:O} is not plausible (before {Earliest:yyyy-MM-dd} or more than {Tolerance} ahead); the model is kept undated",
                model.Id, created, options.EarliestCreatedAt, options.FutureCreatedAtTolerance);
            model = model with { CreatedAt = null };
            changed = true;
        }

        var graphModel = model.ToGraphModel();
        if (model.LastModified is { } modified && !IsPlausible(modified))
        {
            // Kept in the record as the Hub gave it, but not taken as the time the data was observed: one record dated in
            // the year 9999 would otherwise stretch every family's series to it.
            logger.LogWarning("{ModelId}: last-modified time {LastModified:O} is not plausible; it does not move the observation date",
                model.Id, modified);
            graphModel = graphModel with { LastModified = null };
        }

        var result = state.Upsert(graphModel);
        foreach (var refused in result.Refused)
        {
            logger.LogWarning("Refused link {ModelId} → {ParentId} ({Relation}): {Reason}", result.Id, Shorten(refused.ParentId), refused.Relation, refused.Reason);
        }

        if (result.ParentsCut > 0)
        {
            logger.LogWarning("{ModelId} lists {Listed:N0} parents; the first {Kept:N0} were looked at (OpenAccess:Lineage:MaxParents), {Cut:N0} left out",
                result.Id, model.Parents.Count, options.MaxParents, result.ParentsCut);
        }

        // The card's mentions are kept apart from the graph, by node, for recovery; the record keeps what was kept.
        var mentions = state.CardMentions.Check(model.CardMentions);
        foreach (var mentionProblem in mentions.Problems)
        {
            logger.LogWarning("{ModelId}: {Problem}", result.Id, mentionProblem);
        }

        state.CardMentions.Set(result.Node, mentions.Kept);
        Revisions.Set(result.Node, model.LastModified, model.LeaderboardTypeLabel);
        changed |= mentions.Kept.Count != model.CardMentions.Count;
        changed |= result.Id != model.Id || result.Refused.Count > 0 || result.ParentsCut > 0 || !result.Parents.SequenceEqual(model.Parents);
        if (!changed)
        {
            return new Applied(model, false);
        }

        return new Applied(model with
        {
            Id = result.Id,
            Parents = result.Parents,
            RefusedParents = [.. model.RefusedParents, .. result.Refused],
            ParentsCut = model.ParentsCut + result.ParentsCut,
            CardMentions = mentions.Kept,
        }, true);
    }

    bool IsPlausible(DateTimeOffset created) =>
        created >= options.EarliestCreatedAt && created <= time.GetUtcNow() + options.FutureCreatedAtTolerance;

    /// <summary>A hostile id can be megabytes long or hold line breaks; a log line shows its start, control characters escaped.</summary>
    static string Shorten(string? id)
    {
        if (id is null) return "";
        var start = string.Concat(id.Take(300).Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
        return id.Length > 300 ? $"{start}… ({id.Length:N0} characters)" : start;
    }
}
