using System.Text.Json;
using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>
/// A model's parents from the Hub's <c>base_model:&lt;relation&gt;:&lt;id&gt;</c> tags (and the bare
/// <c>base_model:&lt;id&gt;</c> tag the Hub adds beside them); the card's <c>base_model</c> and
/// <c>base_model_relation</c> only when the tags name no parent.
/// </summary>
public static class BaseModelParser
{
    const string Prefix = "base_model:";

    public static IReadOnlyList<BaseModelLink> Parse(string childId, IReadOnlyList<string> tags, JsonElement? card, List<string> warnings)
    {
        var typed = new List<BaseModelLink>();
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
                typed.Add(new BaseModelLink(rest[(colon + 1)..], relation));
            }
            else
            {
                bare.Add(rest);
            }
        }

        var links = typed;
        foreach (var id in bare.Where(id => typed.All(l => l.Id != id)))
        {
            links.Add(new BaseModelLink(id, CardRelation(card) ?? BaseModelRelation.Finetune));
        }

        if (links.Count == 0 && card is { } c)
        {
            var relation = CardRelation(card) ?? BaseModelRelation.Finetune;
            links.AddRange(HubModelMapper.StringOrList(c, "base_model").Select(id => new BaseModelLink(id, relation)));
        }

        return Clean(childId, links, warnings);
    }

    static IReadOnlyList<BaseModelLink> Clean(string childId, List<BaseModelLink> links, List<string> warnings)
    {
        var result = new List<BaseModelLink>();
        foreach (var link in links)
        {
            if (string.Equals(link.Id, childId, StringComparison.OrdinalIgnoreCase))
            {
                warnings.Add($"self-parent '{link.Id}' dropped");
            }
            else if (!ModelIds.IsValid(link.Id))
            {
                warnings.Add($"parent '{link.Id}' is not a model id; dropped");
            }
            else if (!result.Any(r => r.Id == link.Id))
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
