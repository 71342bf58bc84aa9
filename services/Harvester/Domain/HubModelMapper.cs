using System.Globalization;
using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>
/// Maps one Hub model-info JSON object (as <c>/api/models</c> returns it, or as a crawl stored it with
/// snake_case keys) to <see cref="ModelDiscovered"/>. Pure: no I/O.
/// </summary>
public static class HubModelMapper
{
    public static MappingResult Map(JsonElement model, RecordLimits? limits = null)
    {
        limits ??= RecordLimits.Default;
        if (model.ValueKind != JsonValueKind.Object)
        {
            return MappingResult.Fail($"expected a JSON object, found {model.ValueKind}");
        }

        var id = Str(model, "id", "modelId", "model_id");
        if (string.IsNullOrWhiteSpace(id))
        {
            return MappingResult.Fail("missing 'id'");
        }

        if (ModelIds.Problem(id, limits.MaxIdLength) is { } problem)
        {
            return MappingResult.Fail($"id '{Truncate(id)}' is not a Hub model id: it {problem}");
        }

        var tags = Strings(model, "tags");
        var card = Obj(model, "cardData", "card_data");
        var config = Obj(model, "config");
        var safetensors = Obj(model, "safetensors");
        var warnings = new List<string>();
        var createdAt = Time(model, "createdAt", "created_at");
        var lastModified = Time(model, "lastModified", "last_modified");
        if ((DateProblem("createdAt", createdAt, limits) ?? DateProblem("lastModified", lastModified, limits)) is { } implausible)
        {
            return MappingResult.Fail(implausible);
        }

        var baseModels = BaseModelParser.Parse(id, tags, card, limits, warnings, out var refusal);
        if (refusal is not null)
        {
            return MappingResult.Fail(refusal);
        }

        var discovered = new ModelDiscovered
        {
            Id = id,
            Author = Str(model, "author") ?? ModelIds.AuthorOf(id),
            CreatedAt = createdAt,
            LastModified = lastModified,
            Sha = Str(model, "sha"),
            Tags = tags,
            PipelineTag = Str(model, "pipeline_tag", "pipelineTag"),
            LibraryName = Str(model, "library_name", "libraryName"),
            License = License(card, tags),
            LicenseName = card is { } ln ? Str(ln, "license_name") : null,
            LicenseLink = card is { } ll ? Str(ll, "license_link") : null,
            Gated = Gated(model),
            ParameterCount = safetensors is { } st ? Long(st, "total") : null,
            ParametersByDtype = ParametersByDtype(safetensors),
            BaseModels = baseModels,
            Architectures = config is { } c ? Strings(c, "architectures") : [],
            ModelType = config is { } c2 ? Str(c2, "model_type") : null,
            Config = ConfigSummaryReader.Read(config),
            Languages = card is { } cd ? StringOrList(cd, "language") : [],
            Downloads = Long(model, "downloads") ?? 0,
            Likes = Long(model, "likes") ?? 0,
            Files = RepositoryFilesReader.Read(model, limits),
            // Not a Hub API field: the README text, which snapshots made from crawls carry (tools/convert-trees.py).
            Card = Str(model, "card") is { } text ? ModelCardReader.Read(text, limits, id) : null,
        };
        return MappingResult.Ok(discovered, warnings);
    }

    static string? License(JsonElement? card, IReadOnlyList<string> tags)
    {
        if (card is { } c && StringOrList(c, "license") is [var first, ..])
        {
            return first;
        }

        return tags.FirstOrDefault(t => t.StartsWith("license:", StringComparison.Ordinal))?["license:".Length..];
    }

    static bool Gated(JsonElement model) =>
        model.TryGetProperty("gated", out var g) && g.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => !string.Equals(g.GetString(), "false", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };

    static IReadOnlyDictionary<string, long> ParametersByDtype(JsonElement? safetensors)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (safetensors is { } st && st.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            foreach (var dtype in p.EnumerateObject())
            {
                if (dtype.Value.ValueKind == JsonValueKind.Number && dtype.Value.TryGetInt64(out var n))
                {
                    result[dtype.Name] = n;
                }
            }
        }

        return result;
    }

    /// <summary>A date no model can have: one statistic over it would span centuries (a year 9999 made every time series megabytes long).</summary>
    static string? DateProblem(string field, DateTimeOffset? date, RecordLimits limits) => date switch
    {
        { } d when d < limits.Earliest => $"{field} {d:yyyy-MM-dd'T'HH:mm:ss'Z'} is before EarliestModelDate ({limits.Earliest:yyyy-MM-dd})",
        { } d when d > limits.Latest => $"{field} {d:yyyy-MM-dd'T'HH:mm:ss'Z'} is later than the harvest's clock plus MaxFutureSkew ({limits.Latest:yyyy-MM-dd'T'HH:mm:ss'Z'})",
        _ => null,
    };

    internal static string Truncate(string s) => s.Length <= 120 ? s : s[..120] + "…";

    internal static JsonElement? Obj(JsonElement e, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object)
            {
                return v;
            }
        }

        return null;
    }

    internal static string? Str(JsonElement e, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
            {
                return v.GetString();
            }
        }

        return null;
    }

    internal static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    internal static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray()
            : [];

    internal static IReadOnlyList<string> StringOrList(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => [v.GetString()!],
                JsonValueKind.Array => v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray(),
                _ => [],
            }
            : [];

    static DateTimeOffset? Time(JsonElement e, params ReadOnlySpan<string> names)
    {
        var text = Str(e, names);
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;
    }
}

/// <summary>The outcome of mapping one record: the event, or the reason it was refused; plus notes on what was dropped.</summary>
public sealed record MappingResult(ModelDiscovered? Model, string? Error, IReadOnlyList<string> Warnings)
{
    public static MappingResult Ok(ModelDiscovered model, IReadOnlyList<string> warnings) => new(model, null, warnings);
    public static MappingResult Fail(string error) => new(null, error, []);
}
