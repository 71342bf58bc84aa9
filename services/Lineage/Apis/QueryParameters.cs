using System.Globalization;
using OpenAccess.Lineage.Domain.Statistics;

namespace OpenAccess.Lineage.Apis;

/// <summary>
/// Query values parsed by hand, so a bad one is a 400 naming the parameter (the framework's binder
/// throws instead, which becomes a 500 in Development).
/// </summary>
public sealed class QueryParameters(HttpRequest request)
{
    readonly List<string> errors = [];

    public bool HasErrors => errors.Count > 0;

    public IResult Problem() => TypedResults.Problem(string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest, title: "Bad query parameter");

    public string? Text(string name) => request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    public int Int(string name, int fallback, int min, int max)
    {
        if (Text(name) is not { } text) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors.Add($"'{name}' must be a whole number from {min} to {max}, not '{text}'.");
        return fallback;
    }

    public bool Bool(string name, bool fallback)
    {
        if (Text(name) is not { } text) return fallback;
        if (bool.TryParse(text, out var value)) return value;
        errors.Add($"'{name}' must be true or false, not '{text}'.");
        return fallback;
    }

    public DateTimeOffset? Time(string name)
    {
        if (Text(name) is not { } text) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)) return value;
        errors.Add($"'{name}' must be a date such as 2024-01-31, not '{text}'.");
        return null;
    }

    /// <summary>One of <paramref name="accepted"/> (case-insensitive), answered as spelt there.</summary>
    public string OneOf(string name, string fallback, params string[] accepted)
    {
        if (Text(name) is not { } text) return fallback;
        if (accepted.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase)) is { } value) return value;
        errors.Add($"'{name}' must be one of {string.Join(", ", accepted)}, not '{text}'.");
        return fallback;
    }

    /// <summary>For an error found after the parameters were read (e.g. a range too long for one answer).</summary>
    public void Fail(string message) => errors.Add(message);

    public TEnum? Enum<TEnum>(string name) where TEnum : struct, Enum
    {
        if (Text(name) is not { } text) return null;
        if (System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value)) return value;
        errors.Add($"'{name}' must be one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}, not '{text}'.");
        return null;
    }

    /// <summary>'population': null for the Hub's models (the default), else the leaderboard version (v1, v2) whose rows are the members.</summary>
    public string? Population() => OneOf("population", "hub", "hub", "leaderboard-v1", "leaderboard-v2") switch
    {
        "leaderboard-v1" => "v1",
        "leaderboard-v2" => "v2",
        _ => null,
    };

    /// <summary>
    /// <c>links=declared</c> (the default; <c>hub</c> is its older name): the Hub's own tree, every link a <c>base_model:</c>
    /// tag; <c>links=all</c>: with the leaderboard's base-model links too, for models whose tags name none; <c>links=inferred</c>:
    /// with the recovered parents at or above <c>OpenAccess:Lineage:Inference:StatisticsMinConfidence</c> for models that
    /// declare none. A graph this deployment does not keep is a 400 naming its setting.
    /// </summary>
    public Graph.GraphLinks GraphLinks()
    {
        var links = OneOf("links", "declared", "declared", "hub", "all", "inferred");
        var state = request.HttpContext.RequestServices.GetRequiredService<Graph.GraphState>();
        switch (links)
        {
            case "all" when state.GraphWithLeaderboardLinks is null:
                errors.Add(Graph.GraphState.LinkGraphOff);
                return Graph.GraphLinks.Declared;
            case "all":
                return Graph.GraphLinks.Leaderboard;
            case "inferred" when state.GraphWithInferredLinks is null:
                errors.Add(Graph.GraphState.InferredGraphOff);
                return Graph.GraphLinks.Declared;
            case "inferred":
                return Graph.GraphLinks.Inferred;
            default:
                return Graph.GraphLinks.Declared;
        }
    }

    /// <summary>Which parents a model answer lists: <c>declared</c> (the default, <c>hub</c> its older name), <c>inferred</c> or <c>all</c>.</summary>
    public ParentLinks ModelLinks()
    {
        var links = OneOf("links", "declared", "declared", "hub", "inferred", "all") switch
        {
            "inferred" => ParentLinks.Inferred,
            "all" => ParentLinks.All,
            _ => ParentLinks.Declared,
        };
        if (links != ParentLinks.Declared && !request.HttpContext.RequestServices.GetRequiredService<Extensions.LineageOptions>().Inference.Enabled)
            errors.Add(InferenceOff);
        return links;
    }

    public const string InferenceOff =
        "'links=inferred' and 'links=all' need the recovery of undeclared parents, which this deployment does not run (OpenAccess:Lineage:Inference:Enabled=false).";

    /// <summary>The time range and family or author filter every statistic accepts.</summary>
    public StatisticsFilter Filter()
    {
        var filter = new StatisticsFilter { From = Time("from"), To = Time("to"), FamilyId = Text("family"), Author = Text("author") };
        if (filter.From is { } from && filter.To is { } to && from > to) errors.Add("'from' must not be after 'to'.");
        return filter;
    }
}

/// <summary>The parents a model answer lists (<c>links=</c>).</summary>
public enum ParentLinks
{
    /// <summary>The Hub's tags, and the leaderboard's base model where the tags name none.</summary>
    Declared,
    /// <summary>The recovered parent, for a model that declares none.</summary>
    Inferred,
    /// <summary>The declared parents; where there are none, the recovered one (a declared link always wins).</summary>
    All,
}
