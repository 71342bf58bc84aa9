using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;

namespace OpenAccess.Lineage.Tests;

/// <summary>
/// Hostile shapes at the domain level: chains far deeper than the Hub's and merges whose paths multiply.
/// The graph keeps no chain longer than its depth limit, and every walk answers without recursion.
/// </summary>
public sealed class DeepGraphTests
{
    static LineageModel Link(int i, int? parent) => new()
    {
        Id = $"deep/m{i}",
        Author = "deep",
        CreatedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i),
        Parents = parent is { } p ? [new BaseModelLink($"deep/m{p}", BaseModelRelation.Finetune)] : [],
    };

    [Fact]
    public void A_100000_deep_chain_is_cut_into_chains_no_longer_than_the_limit_and_every_query_answers()
    {
        const int count = 100_000, limit = 256;
        var graph = new LineageGraph();
        var refused = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var result = graph.Upsert(Link(i, i == 0 ? null : i - 1));
            Assert.Equal(UpsertOutcome.Added, result.Outcome);
            if (result.Refused.Count > 0)
            {
                Assert.Contains($"over the limit of {limit}", Assert.Single(result.Refused).Reason);
                Assert.Empty(result.Parents);
                refused.Add(i);
            }
        }

        // Every 257th model would have been the 257th link below a root: it starts a chain of its own.
        Assert.Equal(Enumerable.Range(1, (count - 1) / (limit + 1)).Select(k => k * (limit + 1)), refused);
        var deepest = count - 1;
        var ancestors = graph.GetAncestors($"deep/m{deepest}")!;
        Assert.False(ancestors.Truncated);
        var path = Assert.Single(ancestors.Paths);
        Assert.Equal(deepest % (limit + 1), path.Steps.Count);
        Assert.Equal($"deep/m{deepest - deepest % (limit + 1)}", path.Steps[^1].Id);
        Assert.Equal($"deep/m{deepest - 1}", graph.NearestAncestor($"deep/m{deepest}", _ => true));
        Assert.Equal([$"deep/m{deepest - deepest % (limit + 1)}"], graph.GetModel($"deep/m{deepest}")!.Families);

        var family = graph.GetFamilySize("deep/m0")!;
        Assert.Equal(limit, family.Derivatives);
        Assert.Equal(limit, family.ByDepth.Keys.Max());
        Assert.Equal(limit, graph.GetDescendants("deep/m0", new DescendantQuery { Limit = 1000 })!.TotalMatching);
        Assert.Equal((count + limit) / (limit + 1), graph.TopFamilies(1000).Count);
        Assert.Equal(count, new EcosystemStatistics(graph).NewModelsByType(StatisticsFilter.None)!.Series.Sum(s => s.Values.Sum()));
    }

    [Fact]
    public void A_chain_arriving_deepest_first_is_cut_the_same_way()
    {
        const int count = 20_000, limit = 100;
        var graph = new LineageGraph(limits: new GraphLimits { MaxDepth = limit });
        for (var i = count - 1; i >= 0; i--) graph.Upsert(Link(i, i == 0 ? null : i - 1));

        var longest = 0;
        for (var i = 0; i < count; i += 97)
        {
            var paths = graph.GetAncestors($"deep/m{i}")!.Paths;
            longest = Math.Max(longest, paths.Count == 0 ? 0 : Assert.Single(paths).Steps.Count);
        }
        Assert.Equal(limit, longest);
        Assert.All(Enumerable.Range(0, count).Where(i => i % 97 == 0), i => Assert.NotEmpty(graph.GetModel($"deep/m{i}")!.Families));
        Assert.Equal(count, graph.TopFamilies(count).Sum(f => f.Derivatives + 1));
    }

    [Fact]
    public void A_link_deepening_a_chain_below_an_existing_model_past_the_limit_is_refused()
    {
        var graph = new LineageGraph(limits: new GraphLimits { MaxDepth = 3 });
        graph.Upsert(Link(1, 0));
        graph.Upsert(Link(2, 1));
        graph.Upsert(Link(3, 2));

        // m0 is pending with three links below it: giving it a parent would make a chain of four.
        var refused = Assert.Single(graph.Upsert(Link(0, -1)).Refused);
        Assert.Equal("deep/m-1", refused.ParentId);
        Assert.Contains("chain of 4 links", refused.Reason);
        Assert.Empty(graph.GetModel("deep/m0")!.Parents);
        Assert.Equal(3, Assert.Single(graph.GetAncestors("deep/m3")!.Paths).Steps.Count);
    }

    [Fact]
    public void Walks_up_a_chain_as_deep_as_the_limit_allows_need_no_stack()
    {
        // The recursive walk took a frame per level: on a 256 KiB stack it overflowed (and killed the process) long before 5,000.
        const int depth = 5_000;
        var graph = new LineageGraph(limits: new GraphLimits { MaxDepth = depth });
        for (var i = 0; i <= depth; i++) graph.Upsert(Link(i, i == 0 ? null : i - 1));

        AncestorPaths? ancestors = null;
        string? nearest = null;
        ModelView? model = null;
        var thread = new Thread(() =>
        {
            ancestors = graph.GetAncestors($"deep/m{depth}");
            nearest = graph.NearestAncestor($"deep/m{depth}", id => id == "deep/m0");
            model = graph.GetModel($"deep/m{depth}");
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.Equal(depth, Assert.Single(ancestors!.Paths).Steps.Count);
        Assert.Equal("deep/m0", nearest);
        Assert.Equal(["deep/m0"], model!.Families);
    }

    [Fact]
    public void Ancestor_paths_that_multiply_through_merges_are_cut_at_the_cap_and_say_so()
    {
        // 40 levels of two models, each a merge of both models of the level above: 2^40 ways up.
        var graph = new LineageGraph();
        for (var level = 0; level < 40; level++)
            foreach (var side in "ab")
                graph.Upsert(new LineageModel
                {
                    Id = $"ladder/{side}{level}",
                    Author = "ladder",
                    Parents = level == 0 ? [] : [new($"ladder/a{level - 1}", BaseModelRelation.Merge), new($"ladder/b{level - 1}", BaseModelRelation.Merge)],
                });

        var ancestors = graph.GetAncestors("ladder/a39", maxPaths: 100)!;
        Assert.True(ancestors.Truncated);
        Assert.Equal(100, ancestors.Paths.Count);
        Assert.All(ancestors.Paths, p => Assert.Equal(39, p.Steps.Count));
        Assert.Equal(100, ancestors.Paths.Select(p => string.Join(">", p.Steps.Select(s => s.Id))).Distinct().Count());
        Assert.Equal("ladder/a0", graph.NearestAncestor("ladder/a39", id => id is "ladder/a0" or "ladder/b0"));
        Assert.Equal(["ladder/a0", "ladder/b0"], graph.GetModel("ladder/a39")!.Families);
        Assert.Equal(78, graph.GetFamilySize("ladder/a0")!.Derivatives);
    }
}
