using OpenAccess.Contracts;
using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests.Leaderboard;

/// <summary>
/// The members kept as results arrive (<see cref="LeaderboardRows"/>, read by <see cref="GraphState.Leaderboard"/>) make the
/// same population as choosing from every kept result at once (<see cref="LeaderboardPopulation.Of"/>), whatever the order
/// of arrival and when a winning row is replaced by one that no longer wins.
/// </summary>
public sealed class LeaderboardRowsTests
{
    static LeaderboardRow RowOf(BenchmarkUpdated b) => new(b.ModelId, b.ModelTypeLabel, b.Architecture, b.ParametersInBillions, b.EvaluatedAt, b.Average,
        b.Scores.Select(s => KeyValuePair.Create(s.Benchmark, s.NormalisedValue ?? s.RawValue)), b.BaseModel, b.Precision);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Kept_members_give_the_population_of_every_result_chosen_at_once(int seed)
    {
        var arrivals = LeaderboardSlice.V1Rows.Concat(LeaderboardSlice.V2Rows).ToList();
        new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(arrivals));
        // The zephyr's float16 row wins v1 by 45 s; resubmitted a year later it loses to bfloat16, and llama-13b's table row loses its label.
        var zephyr = arrivals.First(r => r.ModelId == "Columbia-NLP/gemma-2b-zephyr-sft" && r.LeaderboardVersion == "v1" && r.Precision == "float16");
        var llama = arrivals.First(r => r.ModelId == "huggyllama/llama-13b" && r.ModelTypeLabel is not null);
        arrivals.Add(zephyr with { EvaluatedAt = zephyr.EvaluatedAt!.Value.AddYears(1), Average = 1 });
        arrivals.Add(llama with { ModelTypeLabel = null });

        var state = new GraphState();
        var kept = new Dictionary<string, BenchmarkUpdated>();
        foreach (var row in arrivals)
        {
            state.SetBenchmark(BenchmarkKeys.Of(row), row);
            kept[BenchmarkKeys.Of(row)] = row;
        }

        foreach (var version in new[] { "v1", "v2" })
        {
            var incremental = state.Leaderboard(version).Population;
            var atOnce = LeaderboardPopulation.Of(kept.Values.Where(b => b.LeaderboardVersion == version).Select(RowOf), namesBases: version == "v2");
            Assert.Equal((atOnce.Rows, atOnce.Count), (incremental.Rows, incremental.Count));
            Assert.Equal(atOnce.Ids, incremental.Ids);
            Assert.Equal(atOnce.Kinds, incremental.Kinds);
            Assert.Equal(atOnce.Average, incremental.Average);
            Assert.Equal(atOnce.Ticks, incremental.Ticks);
            Assert.Equal(atOnce.Parameters, incremental.Parameters);
            Assert.Equal(atOnce.AuthorOf, incremental.AuthorOf);
            Assert.Equal(atOnce.ArchitectureOf, incremental.ArchitectureOf);
            Assert.Equal(atOnce.BaseOf, incremental.BaseOf);
            Assert.Equal(atOnce.FamilyOf, incremental.FamilyOf);
            Assert.Equal(atOnce.FamilyNames, incremental.FamilyNames);
            Assert.Equal(atOnce.BenchmarkNames, incremental.BenchmarkNames);
            Assert.Equal(atOnce.Score, incremental.Score);
        }
        var v1 = state.Leaderboard("v1").Population;
        Assert.Equal(49.1, v1.Average[Array.IndexOf(v1.Ids, "Columbia-NLP/gemma-2b-zephyr-sft")]); // bfloat16's, now the earlier
        var llama13b = Array.IndexOf(v1.Ids, "huggyllama/llama-13b"); // unlabelled both, so the earlier snapshot's row
        Assert.Equal((LeaderboardKind.Unknown, 56.04), (v1.Kinds[llama13b], v1.Average[llama13b]));
    }
}
