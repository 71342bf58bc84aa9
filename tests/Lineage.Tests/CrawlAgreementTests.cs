using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests;

/// <summary>
/// The graph built from the bundled snapshot against the crawl it was made from. The crawl sampled
/// large families and some of its rows are bad, so exact agreement is only expected where every child
/// the crawl lists for a node is in the snapshot.
/// </summary>
public sealed class CrawlAgreementTests
{
    private static readonly LineageGraph Graph = HubSnapshot.Graph();

    private static bool InSnapshot(string id) => Graph.GetModel(id) is { Pending: false };

    private static IEnumerable<(CrawlRow Row, BaseModelRelation Relation, int Count)> CompleteListings() =>
        from row in CrawlFixture.Rows
        where row.MetadataOk
        from relation in Enum.GetValues<BaseModelRelation>()
        let count = row.Counts[relation]
        where count is not null && row.Children[relation].Count == count && row.Children[relation].All(InSnapshot)
        select (row, relation, count.Value);

    [Fact]
    public void Children_counts_equal_the_crawl_where_all_listed_children_are_in_the_snapshot()
    {
        var compared = CompleteListings().ToList();
        foreach (var (row, relation, count) in compared)
        {
            Assert.Equal(count, Graph.GetChildrenCounts(row.ModelId)![relation]);
            foreach (var child in row.Children[relation])
                Assert.Contains(new BaseModelLink(row.ModelId, relation), Graph.GetModel(child)!.Parents);
        }
        // 32 crawled rows list fine-tune children that are all in the snapshot; without them this
        // test would only compare empty lists. (The crawl never followed adapters, quantizations or merges.)
        Assert.Equal(32, compared.Count(c => c.Count > 0));
        Assert.All(compared.Where(c => c.Count > 0), c => Assert.Equal(BaseModelRelation.Finetune, c.Relation));
    }

    [Fact]
    public void The_graph_never_holds_more_children_than_the_crawl_listed()
    {
        foreach (var row in CrawlFixture.Rows.Where(r => r.MetadataOk))
            foreach (var relation in Enum.GetValues<BaseModelRelation>())
                if (row.Counts[relation] is { } count)
                    Assert.True(Graph.GetChildrenCounts(row.ModelId)![relation] <= count, $"{row.ModelId} {relation}");
    }

    [Fact]
    public void Llama_2_7b_has_the_fine_tunes_the_crawl_counted_less_the_rows_it_could_not_read()
    {
        var row = CrawlFixture.Rows.Single(r => r.ModelId == "meta-llama/Llama-2-7b");
        var listed = row.Children[BaseModelRelation.Finetune];
        var unreadable = CrawlFixture.Rows.Where(r => !r.MetadataOk).Select(r => r.ModelId).ToHashSet();
        // Every listed child missing from the snapshot is one whose crawl row was bad, nothing else.
        Assert.Equal(listed.Where(unreadable.Contains), listed.Where(c => !InSnapshot(c)));
        Assert.Equal(row.Counts[BaseModelRelation.Finetune], listed.Count);

        var children = Graph.GetChildrenCounts("meta-llama/Llama-2-7b")!;

        Assert.Equal(row.Counts[BaseModelRelation.Finetune] - listed.Count(unreadable.Contains), children.Finetune);
        Assert.NotEqual(0, children.Finetune);
    }

    [Fact]
    public void Depths_equal_the_crawl_except_under_a_parent_the_crawl_lost()
    {
        var pendingAncestors = new HashSet<string>();
        foreach (var family in CrawlFixture.Rows.GroupBy(r => r.Root))
        {
            var depths = Graph.GetDescendants(family.Key, new DescendantQuery { Limit = 100_000 })!
                .Items.ToDictionary(i => i.Id, i => i.Depth);
            foreach (var row in family.Where(r => r.MetadataOk && r.Depth > 0))
            {
                var paths = Graph.GetAncestors(row.ModelId)!.Paths;
                if (paths.Single().EndsAtPendingModel)
                {
                    Assert.DoesNotContain(row.ModelId, depths.Keys);
                    pendingAncestors.Add(paths.Single().Steps[^1].Id);
                }
                else
                {
                    Assert.Equal(row.Depth, depths[row.ModelId]);
                }
            }
        }
        // Its crawl row has metadata "N/A", so it is a parent named by its children but never seen.
        Assert.Equal(["inceptionai/jais-adapted-7b-chat"], pendingAncestors);
        Assert.False(CrawlFixture.Rows.Single(r => r.ModelId == "inceptionai/jais-adapted-7b-chat").MetadataOk);
    }
}
