using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests;

/// <summary>The ranking of every family counts what a walk down from its root counts.</summary>
public sealed class FamilyRankingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_family_in_the_ranking_has_the_size_of_its_walk(int seed)
    {
        var graph = RandomHub.Graph(seed);

        var ranked = graph.TopFamilies(int.MaxValue);

        var roots = Enumerable.Range(0, graph.Count).Where(graph.IsKnownRoot).Select(n => graph.Ids[n]);
        var walked = roots.Select(id => graph.GetFamilySize(id)!).Where(f => f.Derivatives > 0)
            .OrderByDescending(f => f.Derivatives).ThenBy(f => f.FamilyId, StringComparer.Ordinal)
            .Select(f => (f.FamilyId, f.Derivatives));
        Assert.Equal(walked, ranked.Select(f => (f.FamilyId, f.Derivatives)));
        Assert.Contains(ranked, f => graph.GetModel(f.FamilyId)!.Children.Merge > 0);
    }
}
