using System.Text;
using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Tests.Support;

/// <summary>Everything a user can ask the graph about a set of models, as one comparable text.</summary>
public static class GraphFingerprint
{
    public static string Of(LineageGraph graph, IEnumerable<LineageModel> models)
    {
        var ids = models.SelectMany(m => m.Parents.Select(p => p.Id).Append(m.Id)).Distinct().Order(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var id in ids)
        {
            var m = graph.GetModel(id)!;
            text.Append($"{m.Id} pending={m.Pending} {m.Kind} {m.CreatedAt:O} {m.Downloads} {m.Architecture} ")
                .Append($"parents=[{string.Join(",", m.Parents)}] children={m.Children} families=[{string.Join(",", m.Families)}]\n");
        }
        foreach (var family in graph.TopFamilies(int.MaxValue))
        {
            text.Append($"{family.FamilyId} {family.Derivatives} {string.Join(",", family.ByRelation)} {string.Join(",", family.ByDepth)}\n");
            foreach (var month in graph.GetAdoptionSeries(family.FamilyId)?.Months ?? [])
                text.Append($"  {month.Month} {month.MonthIndex} {month.NewDerivatives} {month.CumulativeDerivatives} {string.Join(",", month.CumulativeByRelation)}\n");
        }
        return text.ToString();
    }
}
