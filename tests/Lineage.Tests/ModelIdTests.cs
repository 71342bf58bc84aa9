using OpenAccess.Lineage.Domain;

namespace OpenAccess.Lineage.Tests;

public sealed class ModelIdTests
{
    [Theory]
    [InlineData("meta-llama/Llama-2-7b")]
    [InlineData("gpt2")]
    [InlineData("a/..b")]
    [InlineData("org/model.v1.5")]
    public void Hub_ids_are_taken(string id) => Assert.Null(ModelIds.Problem(id, 200));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("x/..", "'..'")]
    [InlineData("x/.", "'.'")]
    [InlineData("../x", "'..'")]
    [InlineData("..", "'..'")]
    [InlineData("a//b", "more than one '/'")]
    [InlineData("/a", "empty segment")]
    [InlineData("a/", "empty segment")]
    [InlineData("a/b/c", "more than one '/'")]
    [InlineData("a/b\nc", "U+000A")]
    [InlineData("a/ b", "white space")]
    public void Ids_no_url_reaches_are_refused_with_the_reason(string id, string reason) =>
        Assert.Contains(reason, ModelIds.Problem(id, 200));

    [Fact]
    public void An_id_over_the_length_limit_is_refused() =>
        Assert.Contains("over the limit of 200", ModelIds.Problem("a/" + new string('b', 199), 200));

    [Fact]
    public void The_graph_refuses_a_model_whose_id_it_cannot_take() =>
        Assert.Throws<ArgumentException>(() => new LineageGraph().Upsert(new LineageModel { Id = "x/..", Author = "x" }));

    [Fact]
    public void The_graph_keeps_the_first_spelling_of_an_id_and_matches_any()
    {
        var graph = new LineageGraph();
        graph.Upsert(new LineageModel { Id = "kid/m", Author = "kid", Parents = [new("ORG/Base", OpenAccess.Contracts.BaseModelRelation.Adapter)] });
        var result = graph.Upsert(new LineageModel { Id = "org/base", Author = "org", Likes = 4 });

        Assert.Equal("ORG/Base", result.Id);
        Assert.Equal("ORG/Base", graph.GetModel("Org/BASE")!.Id);
        Assert.Equal(4, graph.GetModel("org/base")!.Likes);
        Assert.Equal(2, graph.ModelCount);
        Assert.Equal(UpsertOutcome.Unchanged, graph.Upsert(new LineageModel { Id = "ORG/BASE", Author = "org", Likes = 4 }).Outcome);
    }
}
