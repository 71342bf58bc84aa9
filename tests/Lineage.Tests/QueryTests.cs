using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests;

public sealed class QueryTests
{
    private static readonly LineageGraph Graph = HubSnapshot.Graph();

    // Families below the minimum are walked per page; from it on they are sorted once and kept.
    public static readonly TheoryData<int> WalkedAndSorted = new() { 2_000, 0 };

    [Theory]
    [MemberData(nameof(WalkedAndSorted))]
    public void Paging_descendants_by_downloads_returns_each_once_in_order(int sortedDescendantsMinimum)
    {
        var graph = HubSnapshot.Graph(sortedDescendantsMinimum: sortedDescendantsMinimum);
        var all = new List<DescendantItem>();
        DescendantCursor? cursor = null;
        int pages = 0, total;
        do
        {
            var page = graph.GetDescendants("microsoft/phi-2", new DescendantQuery { Sort = DescendantSort.Downloads, Limit = 25, After = cursor })!;
            Assert.True(DescendantCursor.TryParse(page.Next?.ToString(), out cursor) || page.Next is null);
            all.AddRange(page.Items);
            total = page.TotalMatching;
            pages++;
        } while (cursor is not null);

        Assert.Equal(Graph.GetFamilySize("microsoft/phi-2")!.Derivatives, total);
        Assert.Equal(total, all.Select(i => i.Id).Distinct().Count());
        Assert.Equal((total + 24) / 25, pages);
        Assert.Equal(all.OrderByDescending(i => i.Downloads).ThenBy(i => i.Id, StringComparer.Ordinal).Select(i => i.Id), all.Select(i => i.Id));
    }

    [Theory]
    [MemberData(nameof(WalkedAndSorted))]
    public void Descendants_filtered_by_depth_and_relation(int sortedDescendantsMinimum)
    {
        var graph = HubSnapshot.Graph(sortedDescendantsMinimum: sortedDescendantsMinimum);
        var family = graph.GetFamilySize("meta-llama/Llama-2-7b")!;
        var children = graph.GetDescendants("meta-llama/Llama-2-7b", new DescendantQuery { MaxDepth = 1, Limit = 1000 })!;
        var adapters = graph.GetDescendants("meta-llama/Llama-2-7b", new DescendantQuery { Relation = BaseModelRelation.Adapter })!;

        Assert.Equal(graph.GetChildrenCounts("meta-llama/Llama-2-7b")!.Total, children.TotalMatching);
        Assert.Equal(family.ByDepth[1], children.TotalMatching);
        Assert.All(children.Items, i => Assert.Equal(1, i.Depth));
        Assert.Equal(0, adapters.TotalMatching); // the crawl followed fine-tunes only
        Assert.Equal(family.Derivatives, family.ByRelation[BaseModelRelation.Finetune]);
    }

    [Fact]
    public void Newest_first_is_the_default_order()
    {
        var page = Graph.GetDescendants("meta-llama/Llama-2-7b", new DescendantQuery { Limit = 3 })!;

        var newest = Descendants("meta-llama/Llama-2-7b").OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal).Take(3);
        Assert.Equal(newest.Select(m => m.Id), page.Items.Select(i => i.Id));
        Assert.NotNull(page.Next);
    }

    /// <summary>The family worked out from the snapshot's parent tags, independently of the graph.</summary>
    private static List<LineageModel> Descendants(string root)
    {
        var found = new List<LineageModel>();
        var frontier = new HashSet<string> { root };
        while (frontier.Count > 0)
        {
            var next = HubSnapshot.Models.Where(m => m.Parents.Any(p => frontier.Contains(p.Id))).ToList();
            found.AddRange(next);
            frontier = next.Select(m => m.Id).ToHashSet();
        }
        return found;
    }

    [Fact]
    public void A_malformed_cursor_is_rejected()
    {
        Assert.False(DescendantCursor.TryParse("not a cursor!", out _));
        Assert.False(DescendantCursor.TryParse("", out _));
        var cursor = new DescendantCursor(638_400_000_000_000_000, "BramVanroy/fietje-2");
        Assert.True(DescendantCursor.TryParse(cursor.ToString(), out var parsed));
        Assert.Equal(cursor, parsed);
    }

    [Fact]
    public void Ancestors_lead_from_a_grandchild_to_its_root()
    {
        var path = Assert.Single(Graph.GetAncestors("BramVanroy/fietje-2-chat")!.Paths);

        Assert.Equal(["BramVanroy/fietje-2-instruct", "BramVanroy/fietje-2", "microsoft/phi-2"], path.Steps.Select(s => s.Id));
        Assert.False(path.EndsAtPendingModel);
        Assert.Null(Graph.GetAncestors("no-such/model"));
    }

    [Fact]
    public void Search_by_id_prefix_ignores_case_and_by_author_lists_newest_first()
    {
        var byPrefix = Graph.SearchById("bramvanroy/FIETJE");
        var byAuthor = Graph.SearchByAuthor("BramVanroy");

        Assert.Equal(HubSnapshot.Models.Where(m => m.Id.StartsWith("BramVanroy/fietje", StringComparison.OrdinalIgnoreCase))
            .Select(m => m.Id).Order(StringComparer.OrdinalIgnoreCase), byPrefix.Select(m => m.Id));
        Assert.Contains(byPrefix, m => m.Id == "BramVanroy/fietje-2-chat");
        Assert.Equal(HubSnapshot.Models.Where(m => m.Author == "BramVanroy").OrderByDescending(m => m.CreatedAt).Select(m => m.Id), byAuthor.Select(m => m.Id));
        Assert.DoesNotContain(Graph.SearchById("inceptionai/jais-adapted-7b-chat"), m => m.Id == "inceptionai/jais-adapted-7b-chat");
    }

    [Fact]
    public void Top_models_by_downloads_and_by_creation_are_the_snapshots_first_in_that_order()
    {
        var byDownloads = HubSnapshot.Models.OrderByDescending(m => m.Downloads).ThenBy(m => m.Id, StringComparer.Ordinal).Take(10).Select(m => m.Id);
        var newest = HubSnapshot.Models.Where(m => m.CreatedAt is not null)
            .OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal).Take(10).Select(m => m.Id);

        Assert.Equal(byDownloads, Graph.TopModels(DescendantSort.Downloads, 10).Select(m => m.Id));
        Assert.Equal(newest, Graph.TopModels(DescendantSort.CreatedAt, 10).Select(m => m.Id));
        Assert.Equal(HubSnapshot.Models.Count, Graph.TopModels(DescendantSort.Downloads, 100_000).Count);
    }

    [Fact]
    public void Top_families_are_the_crawled_bases_largest_first()
    {
        var top = Graph.TopFamilies(3);

        Assert.Equal(["meta-llama/Llama-2-7b-chat-hf", "google/gemma-7b", "microsoft/phi-2"], top.Select(f => f.FamilyId));
        Assert.Equal(Descendants("google/gemma-7b").Count, top[1].Derivatives);
    }

    [Fact]
    public void Top_families_follow_a_change_of_parent()
    {
        var graph = HubSnapshot.Graph();
        var before = graph.TopFamilies(3).ToDictionary(f => f.FamilyId, f => f.Derivatives);
        var apo = HubSnapshot.Model("rasyosef/phi-2-instruct-apo");

        graph.Upsert(apo with { Parents = [new BaseModelLink("google/gemma-7b", BaseModelRelation.Finetune)] });

        var after = graph.TopFamilies(3).ToDictionary(f => f.FamilyId, f => f.Derivatives);
        Assert.Equal(before["google/gemma-7b"] + 1, after["google/gemma-7b"]);
        Assert.Equal(before["microsoft/phi-2"] - 1, after["microsoft/phi-2"]);
    }

    [Theory]
    [MemberData(nameof(WalkedAndSorted))]
    public void A_new_download_count_moves_a_model_up_the_pages(int sortedDescendantsMinimum)
    {
        var graph = HubSnapshot.Graph(sortedDescendantsMinimum: sortedDescendantsMinimum);
        var byDownloads = new DescendantQuery { Sort = DescendantSort.Downloads, Limit = 5 };
        var first = graph.GetDescendants("microsoft/phi-2", byDownloads)!;
        var apo = HubSnapshot.Model("rasyosef/phi-2-instruct-apo");
        Assert.DoesNotContain(first.Items, i => i.Id == apo.Id);

        graph.Upsert(apo with { Downloads = first.Items[0].Downloads + 1 });

        Assert.Equal(apo.Id, graph.GetDescendants("microsoft/phi-2", byDownloads)!.Items[0].Id);
    }

    [Theory]
    [MemberData(nameof(WalkedAndSorted))]
    public void A_new_child_shows_in_the_next_query(int sortedDescendantsMinimum)
    {
        var graph = HubSnapshot.Graph(sortedDescendantsMinimum: sortedDescendantsMinimum);
        var before = graph.GetDescendants("microsoft/phi-2", new DescendantQuery())!.TotalMatching;

        graph.Upsert(new LineageModel
        {
            Id = "TheBloke/phi-2-GGUF",
            Author = "TheBloke",
            Parents = [new BaseModelLink("microsoft/phi-2", BaseModelRelation.Quantized)],
        });

        var after = graph.GetDescendants("microsoft/phi-2", new DescendantQuery { Relation = BaseModelRelation.Quantized })!;
        Assert.Equal(before + 1, graph.GetDescendants("microsoft/phi-2", new DescendantQuery())!.TotalMatching);
        Assert.Equal(["TheBloke/phi-2-GGUF"], after.Items.Select(i => i.Id));
    }

    [Fact]
    public void Kept_sorted_descendants_stay_right_while_models_arrive()
    {
        var shuffled = HubSnapshot.Models.ToArray();
        new Random(7).Shuffle(shuffled);
        var kept = new LineageGraph(sortedDescendantsMinimum: 0);
        var walked = new LineageGraph(sortedDescendantsMinimum: int.MaxValue);
        var bases = new[] { "meta-llama/Llama-2-7b", "epfl-llm/meditron-7b", "microsoft/phi-2", "google/gemma-7b", "inceptionai/jais-adapted-7b" };
        var queries = Enum.GetValues<DescendantSort>().Select(sort => new DescendantQuery { Sort = sort, Limit = 1000 }).ToList();

        foreach (var (model, i) in shuffled.Select((m, i) => (m, i)))
        {
            kept.Upsert(model);
            walked.Upsert(model);
            if (i % 50 != 0) continue;
            // Reading keeps the sorted copies; the writes in between must repair them.
            foreach (var id in bases)
                foreach (var query in queries)
                    Assert.Equal(Describe(walked.GetDescendants(id, query)), Describe(kept.GetDescendants(id, query)));
        }
        var jaisChat = new LineageModel { Id = "inceptionai/jais-adapted-7b-chat", Author = "inceptionai", Parents = [new BaseModelLink("inceptionai/jais-adapted-7b", BaseModelRelation.Finetune)] };
        kept.Upsert(jaisChat);
        walked.Upsert(jaisChat);
        foreach (var id in bases)
            foreach (var query in queries)
                Assert.Equal(Describe(walked.GetDescendants(id, query)), Describe(kept.GetDescendants(id, query)));
    }

    private static string Describe(DescendantPage? page) =>
        page is null ? "none" : $"{page.TotalMatching} {string.Join(",", page.Items.Select(i => $"{i.Id}@{i.Depth}"))}";
}
