using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>
/// A model's parents from the Hub's <c>base_model:&lt;relation&gt;:&lt;id&gt;</c> tags (and the bare
/// <c>base_model:&lt;id&gt;</c> tag the Hub adds beside them); the card's <c>base_model</c> and
/// <c>base_model_relation</c> only when the tags name no parent. Linear in the tags: a record naming 50,000 parents
/// took 22–47 s when each was compared with every other.
/// </summary>
public static class BaseModelParser
{
    const string Prefix = "base_model:";

    /// <summary>The parents, deduplicated; with a refusal (and none) when the record names more than <see cref="RecordLimits.MaxParents"/>.</summary>
    public static IReadOnlyList<BaseModelLink> Parse(string childId, IReadOnlyList<string> tags, JsonElement? card, RecordLimits limits, List<string> warnings, out string? refusal)
    {
        var links = new List<BaseModelLink>();
        var typed = new HashSet<string>(StringComparer.Ordinal);
        var bare = new List<string>();
        foreach (var tag in tags)
        {
            if (!tag.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = tag[Prefix.Length..];
            var colon = rest.IndexOf(':');
            if (colon > 0 && TryRelation(rest[..colon], out var relation))
            {
                links.Add(new BaseModelLink(rest[(colon + 1)..], relation));
                typed.Add(links[^1].Id);
            }
            else
            {
                bare.Add(rest);
            }
        }

        foreach (var id in bare.Where(id => !typed.Contains(id)))
        {
            links.Add(new BaseModelLink(id, CardRelation(card) ?? BaseModelRelation.Finetune));
        }

        if (links.Count == 0 && card is { } c)
        {
            var relation = CardRelation(card) ?? BaseModelRelation.Finetune;
            links.AddRange(HubModelMapper.StringOrList(c, "base_model").Select(id => new BaseModelLink(id, relation)));
        }

        var named = links.Select(l => l.Id).Distinct(StringComparer.Ordinal).Count();
        if (named > limits.MaxParents)
        {
            refusal = $"base_model names {named} parents, more than MaxParentsPerModel ({limits.MaxParents})";
            return [];
        }

        refusal = null;
        return Clean(childId, links, limits, warnings);
    }

    static IReadOnlyList<BaseModelLink> Clean(string childId, List<BaseModelLink> links, RecordLimits limits, List<string> warnings)
    {
        var result = new List<BaseModelLink>();
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var link in links)
        {
            if (string.Equals(link.Id, childId, StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add($"self-parent '{link.Id}' dropped");
            }
            else if (ModelIds.Problem(link.Id, limits.MaxIdLength) is { } problem)
            {
                warnings.Add($"parent '{HubModelMapper.Truncate(link.Id)}' is not a model id ({problem}); dropped");
            }
            else if (kept.Add(link.Id))
            {
                result.Add(link);
            }
        }

        return result;
    }

    static BaseModelRelation? CardRelation(JsonElement? card) =>
        card is { } c && HubModelMapper.Str(c, "base_model_relation") is { } text && TryRelation(text, out var r) ? r : null;

    static bool TryRelation(string text, out BaseModelRelation relation)
    {
        switch (text)
        {
            case "finetune": relation = BaseModelRelation.Finetune; return true;
            case "adapter": relation = BaseModelRelation.Adapter; return true;
            case "quantized": relation = BaseModelRelation.Quantized; return true;
            case "merge": relation = BaseModelRelation.Merge; return true;
            default: relation = default; return false;
        }
    }
}
