using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests;

public sealed class BenchmarkDeltaTests
{
    // Open LLM Leaderboard v2 (shared data, open_llm_leaderboard_v2_2025-02.csv), rounded to 4 decimals:
    // the leaderboard average and IFEval of phi-2 and four of its derivatives.
    private static ModelBenchmarks Scores(string id, double average, double ifEval) =>
        new(id, new Dictionary<string, double> { ["IFEval"] = ifEval }, average);

    private static readonly ModelBenchmarks[] Leaderboard =
    [
        Scores("microsoft/phi-2", 15.4714, 27.3876),
        Scores("BramVanroy/fietje-2", 9.0270, 20.9803),
        Scores("BramVanroy/fietje-2-instruct", 10.1962, 27.8996),
        Scores("BramVanroy/fietje-2-chat", 10.3889, 29.1736),
        Scores("rasyosef/phi-2-instruct-apo", 12.0435, 31.4592),
    ];

    private static readonly EcosystemStatistics Statistics = new(NineModels.Graph());

    [Fact]
    public void Derivatives_are_compared_with_their_parent_and_bucketed_by_size()
    {
        // fietje-2 − phi-2: −6.4444 / −6.4073; instruct − fietje-2: 1.1692 / 6.9193;
        // chat − instruct: 0.1927 / 1.2740; apo − phi-2: −3.4279 / 4.0716. All < 3B (fietje-2 has
        // no parameter count, so phi-2's 2.78 B is used). Means: −8.5104 / 4 = −2.1276, 5.8576 / 4 = 1.4644.
        var table = Statistics.BenchmarkDeltas(Leaderboard, StatisticsFilter.None)!;

        Assert.Equal(["<3B", "3-8B", "8-15B", "15-35B", "35-80B", ">80B", "unknown"], table.SizeBuckets);
        Assert.Equal([4, 0, 0, 0, 0, 0, 0], table.Pairs);
        Assert.Equal(-2.1276, table.MeanAverageDelta[0]!.Value, 4);
        Assert.Null(table.MeanAverageDelta[1]);
        var ifEval = Assert.Single(table.Benchmarks);
        Assert.Equal("IFEval", ifEval.Benchmark);
        Assert.Equal(1.4644, ifEval.MeanDelta[0]!.Value, 4);
    }

    [Fact]
    public void Without_parent_scores_the_nearest_scored_ancestor_is_the_base()
    {
        var pairs = Statistics.Pairs(Leaderboard.Where(s => s.ModelId != "BramVanroy/fietje-2-instruct"), StatisticsFilter.None)!;

        var chat = pairs.Single(p => p.ModelId == "BramVanroy/fietje-2-chat");
        Assert.Equal("BramVanroy/fietje-2", chat.BaseId);
        Assert.Equal(10.3889 - 9.0270, chat.AverageDelta!.Value, 4);
        Assert.Equal(3, pairs.Count);
    }

    [Fact]
    public void The_filters_narrow_the_pairs()
    {
        var fromMay = Statistics.Pairs(Leaderboard, new StatisticsFilter { From = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero) })!;
        var bram = Statistics.Pairs(Leaderboard, new StatisticsFilter { Author = "BramVanroy" })!;

        Assert.Equal(["rasyosef/phi-2-instruct-apo"], fromMay.Select(p => p.ModelId));
        Assert.Equal(["BramVanroy/fietje-2", "BramVanroy/fietje-2-chat", "BramVanroy/fietje-2-instruct"], bram.Select(p => p.ModelId));
    }

    [Theory]
    [InlineData(2_999_999_999L, "<3B")]
    [InlineData(3_000_000_000L, "3-8B")]
    [InlineData(6_738_415_616L, "3-8B")]
    [InlineData(14_999_999_999L, "8-15B")]
    [InlineData(70_553_706_496L, "35-80B")]
    [InlineData(80_000_000_000L, ">80B")]
    [InlineData(null, "unknown")]
    public void Parameter_counts_fall_into_the_papers_size_buckets(long? parameters, string bucket)
    {
        Assert.Equal(bucket, ParameterSizeBuckets.Labels[ParameterSizeBuckets.Of(parameters)]);
    }
}
