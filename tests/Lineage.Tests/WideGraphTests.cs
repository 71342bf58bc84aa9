using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;

namespace OpenAccess.Lineage.Tests;

/// <summary>Hostile widths at the domain level: a model naming 50,000 parents, a base with 100,000 children.</summary>
public sealed class WideGraphTests
{
    [Fact]
    public void A_model_naming_50000_parents_keeps_the_first_256_and_counts_the_rest()
    {
        var graph = new LineageGraph();
        var parents = Enumerable.Range(0, 50_000).Select(i => new BaseModelLink($"base/p{i}", BaseModelRelation.Merge)).ToList();

        var result = graph.Upsert(new LineageModel { Id = "wide/merge", Author = "wide", Parents = parents });

        Assert.Equal(50_000 - 256, result.ParentsCut);
        Assert.Empty(result.Refused);
        Assert.Equal(parents.Take(256), result.Parents);
        Assert.Equal(parents.Take(256), graph.GetModel("wide/merge")!.Parents);
        Assert.Null(graph.GetModel("base/p256"));
        Assert.Equal(1, graph.GetChildrenCounts("base/p255")!.Merge);
        var ancestors = graph.GetAncestors("wide/merge", maxPaths: 1000)!;
        Assert.Equal(256, ancestors.Paths.Count);
        Assert.False(ancestors.Truncated);
        Assert.All(ancestors.Paths, p => Assert.True(p.EndsAtPendingModel));
    }

    [Fact]
    public void Refused_and_duplicate_parents_count_toward_the_cap()
    {
        var graph = new LineageGraph(limits: new GraphLimits { MaxParents = 3 });
        var result = graph.Upsert(new LineageModel
        {
            Id = "wide/m",
            Author = "wide",
            Parents = [new("base/a", BaseModelRelation.Merge), new("BASE/A", BaseModelRelation.Merge), new("x/..", BaseModelRelation.Merge), new("base/b", BaseModelRelation.Merge)],
        });

        Assert.Equal(1, result.ParentsCut);
        Assert.Equal(["BASE/A", "x/.."], result.Refused.Select(r => r.ParentId));
        Assert.Equal([new BaseModelLink("base/a", BaseModelRelation.Merge)], result.Parents);
    }

    [Fact]
    public void A_base_with_100000_children_answers_its_family_pages_and_statistics()
    {
        const int children = 100_000;
        var graph = new LineageGraph();
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        graph.Upsert(new LineageModel { Id = "org/base", Author = "org", CreatedAt = start });
        for (var i = 0; i < children; i++)
            graph.Upsert(new LineageModel
            {
                Id = $"fan/c{i:D6}", Author = $"fan{i % 1000}", CreatedAt = start.AddMinutes(i + 1), Downloads = i,
                Parents = [new("org/base", i % 2 == 0 ? BaseModelRelation.Finetune : BaseModelRelation.Quantized)],
            });

        var family = graph.GetFamilySize("org/base")!;
        Assert.Equal(children, family.Derivatives);
        Assert.Equal(children / 2, family.ByRelation[BaseModelRelation.Quantized]);
        Assert.Equal(new ChildrenCounts(children / 2, 0, children / 2, 0), graph.GetChildrenCounts("org/base"));
        var page = graph.GetDescendants("org/base", new DescendantQuery { Sort = DescendantSort.Downloads, Limit = 3 })!;
        Assert.Equal(["fan/c099999", "fan/c099998", "fan/c099997"], page.Items.Select(i => i.Id));
        Assert.Equal("org/base", Assert.Single(graph.GetAncestors("fan/c054321")!.Paths).Steps.Single().Id);
        var months = graph.GetAdoptionSeries("org/base")!.Months;
        Assert.Equal(children, months[^1].CumulativeDerivatives);
        var concentration = new EcosystemStatistics(graph).Concentration(StatisticsFilter.None)!;
        Assert.Equal(children, concentration.TotalDerivatives[^1]);
        Assert.Equal(1.0, concentration.Herfindahl[^1]);
    }
}
