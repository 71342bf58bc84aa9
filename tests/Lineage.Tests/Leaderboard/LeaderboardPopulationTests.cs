using OpenAccess.Lineage.Domain.Statistics;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Storage;
using OpenAccess.Lineage.Tests.Support;

namespace OpenAccess.Lineage.Tests.Leaderboard;

/// <summary>Each statistic over the leaderboard populations of <see cref="LeaderboardSlice"/>, against answers worked by hand.</summary>
public sealed class LeaderboardPopulationTests
{
    static LeaderboardStatistics Population(string version)
    {
        var state = new GraphState();
        foreach (var row in LeaderboardSlice.V1Rows.Concat(LeaderboardSlice.V2Rows)) state.SetBenchmark(BenchmarkKeys.Of(row), row);
        return state.Leaderboard(version);
    }

    static readonly LeaderboardStatistics V1 = Population("v1"), V2 = Population("v2");

    [Fact]
    public void One_member_per_model_the_labelled_then_earliest_row_winning_and_the_rest_counted()
    {
        var p = V1.Population;
        Assert.Equal((15, 13, 2), (p.Rows, p.Count, p.Duplicates));
        // Two empty type columns and the snapshot-only firefly; the GPTQ row and firefly have no size or architecture; the GPTQ row no date.
        Assert.Equal((3, 2, 2, 1), (p.UnknownKind, p.UnknownSize, p.UnknownArchitecture, p.Undated));
        var llama = Array.IndexOf(p.Ids, "huggyllama/llama-13b");
        Assert.Equal((LeaderboardKind.Pretrained, 51.33), (p.Kinds[llama], p.Average[llama])); // the table's row, not the earlier snapshot's
        var zephyr = Array.IndexOf(p.Ids, "Columbia-NLP/gemma-2b-zephyr-sft");
        Assert.Equal(48.97, p.Average[zephyr]); // float16 was submitted 45 s before bfloat16

        var gemma = Array.IndexOf(V2.Population.Ids, "google/gemma-2-2b"); // the dated 🟢 row over the undated ❓ one
        Assert.Equal((LeaderboardKind.Pretrained, 2_614_000_000L), (V2.Population.Kinds[gemma], V2.Population.Parameters[gemma]));
    }

    [Theory]
    [InlineData("🟢 pretrained", LeaderboardKind.Pretrained)]
    [InlineData("🟩 continuously pretrained", LeaderboardKind.ContinuouslyPretrained)]
    [InlineData("🔶", LeaderboardKind.FineTuned)]
    [InlineData("💬 chat models (RLHF, DPO, IFT, ...)", LeaderboardKind.Chat)]
    [InlineData("🤝 base merges and moerges", LeaderboardKind.Merge)]
    [InlineData("🌸 multimodal", LeaderboardKind.Unknown)]
    [InlineData("❓ other", LeaderboardKind.Unknown)]
    [InlineData("?", LeaderboardKind.Unknown)]
    [InlineData(null, LeaderboardKind.Unknown)]
    public void The_type_label_gives_the_kind_and_one_outside_the_legend_is_unknown(string? label, LeaderboardKind kind) =>
        Assert.Equal(kind, LeaderboardKinds.Of(label));

    [Fact]
    public void Gain_by_size_is_the_fine_tuned_and_chat_mean_minus_the_pretrained_mean()
    {
        var table = V1.BenchmarkDeltas(StatisticsFilter.None)!;

        // 3-8B: (61.70 + 61.92 + 50.92) / 3 − (36.38 + 53.82) / 2 = 58.18 − 45.10 = 13.08; ARC (65.96 + 66.04 + 49.49) / 3 − (34.13 + 49.83) / 2 = 18.516667.
        // 8-15B: 57.12 − 51.33 = 5.79, ARC 62.46 − 56.14 = 6.32. <3B has one fine-tune and no pretrained row. Merges, 🟩 and unknown types count in neither.
        Assert.Equal([1, 3, 1, 0, 0, 0, 0], table.DerivedRows);
        Assert.Equal([0, 2, 1, 0, 0, 0, 0], table.PretrainedRows);
        Assert.Null(table.GroupMeanDelta[0]);
        Assert.Equal(13.08, table.GroupMeanDelta[1]!.Value, 9);
        Assert.Equal(5.79, table.GroupMeanDelta[2]!.Value, 9);
        var arc = Assert.Single(table.GroupBenchmarks);
        Assert.Equal(("ARC", 18.516667, 6.32), (arc.Benchmark, Math.Round(arc.GroupMeanDelta[1]!.Value, 6), Math.Round(arc.GroupMeanDelta[2]!.Value, 9)));
        Assert.Null(table.Pairs); // v1 names no base model
    }

    [Fact]
    public void Where_the_table_names_bases_the_pairwise_deltas_come_from_those_pairs()
    {
        var table = V2.BenchmarkDeltas(StatisticsFilter.None)!;

        // <3B: (10.3889 + 10.1962 + 12.0435) / 3 − (15.4714 + 10.1295) / 2 = 10.8762 − 12.80045 = −1.92425; IFEval 29.5108 − 23.6594 = 5.8514.
        // 15-35B: 27.9044 − 25.6213 = 2.2831. Pairs, each row minus phi-2: fietje-2 −6.4444, -chat −5.0825, -instruct −5.2752, apo −3.4279: mean −5.0575.
        Assert.Equal([3, 0, 0, 1, 0, 0, 0], table.DerivedRows);
        Assert.Equal([2, 0, 0, 1, 0, 0, 0], table.PretrainedRows);
        Assert.Equal(-1.92425, table.GroupMeanDelta[0]!.Value, 9);
        Assert.Equal(2.2831, table.GroupMeanDelta[3]!.Value, 9);
        Assert.Equal(5.8514, table.GroupBenchmarks.Single().GroupMeanDelta[0]!.Value, 9);
        Assert.Equal([4, 0, 0, 1, 0, 0, 0], table.Pairs!);
        Assert.Equal(-5.0575, table.MeanAverageDelta![0]!.Value, 9);
        Assert.Equal(2.2831, table.MeanAverageDelta[3]!.Value, 9);
    }

    [Fact]
    public void New_models_per_week_count_each_kind_by_submission_date()
    {
        var weeks = V1.NewModelsByType(StatisticsFilter.None)!;

        Assert.Equal(LeaderboardKinds.Names, weeks.Series.Select(s => s.Name));
        // Unknown: Qwen1.5-7B and the snapshot-only firefly (dated by its snapshot); the undated GPTQ row is in no week.
        Assert.Equal([3, 1, 4, 1, 1, 2], weeks.Series.Select(s => s.Values.Sum()));
        Assert.Equal(new DateOnly(2023, 8, 21), weeks.Periods[0]); // the week of the 2023-08-25 snapshot
        Assert.Equal(1, weeks.Series.Single(s => s.Name == "unknown").Values[0]);
    }

    [Fact]
    public void New_models_per_quarter_count_each_kind_in_the_calendar_quarter_of_its_submission()
    {
        var quarters = V1.NewModelsByType(StatisticsFilter.None, TimePeriod.Quarter)!;

        Assert.Equal((TimePeriod.Quarter, null), (quarters.Period, quarters.Weeks));
        Assert.Equal([new DateOnly(2023, 7, 1), new DateOnly(2023, 10, 1), new DateOnly(2024, 1, 1), new DateOnly(2024, 4, 1)], quarters.Periods);
        // 2023Q3: xglm and llama-13b (🟢, 2023-09-09), firefly (snapshot of 2023-08-25); Q4: MegaMix (2023-10-16);
        // 2024Q1: Sailor (🟢 03-02), Metabird and dolphin (🔶 01-29, 01-14), Kunocchini (🤝 02-25); Q2: Bielik (🟩), gemma-2b-zephyr (🔶),
        // chinese-alpaca (💬), Qwen1.5-7B (no type). The undated GPTQ row is in no quarter.
        var byKind = quarters.Series.ToDictionary(s => s.Name, s => s.Values);
        Assert.Equal([2, 0, 1, 0], byKind["pretrained"]);
        Assert.Equal([0, 0, 0, 1], byKind["continuously-pretrained"]);
        Assert.Equal([0, 1, 2, 1], byKind["fine-tuned"]);
        Assert.Equal([0, 0, 0, 1], byKind["chat"]);
        Assert.Equal([0, 0, 1, 0], byKind["merge"]);
        Assert.Equal([1, 0, 0, 1], byKind["unknown"]);
    }

    [Fact]
    public void Authors_repositories_and_architectures_come_from_the_namespace_and_the_architecture_column()
    {
        var owners = V2.RepositoriesPerAuthor(StatisticsFilter.None)!;
        Assert.Equal([1, 3], owners.Repositories);
        Assert.Equal([5, 1], owners.Authors); // BramVanroy has three

        var authors = V2.AuthorActivity(StatisticsFilter.None, TimePeriod.Month)!;
        Assert.Equal(new DateOnly(2024, 6, 1), authors.Periods[0]);
        Assert.Equal([2, 2, 0, 1, 1], authors.NewAuthors); // Jun: microsoft, 01-ai; Jul: cognitivecomputations, google; Sep: rasyosef; Oct: BramVanroy
        Assert.Equal(6, authors.TotalAuthors[^1]);

        var architectures = V2.TotalModelsPerWeekByArchitecture(StatisticsFilter.None)!;
        Assert.Equal([("PhiForCausalLM", 5), ("LlamaForCausalLM", 2), ("InternLM2ForCausalLM", 1)], architectures.Series.Select(s => (s.Name, s.Values[^1])));
    }

    [Fact]
    public void Concentration_counts_the_rows_naming_another_base_in_the_family_at_the_top_of_the_chain()
    {
        var concentration = V2.Concentration(StatisticsFilter.None, TimePeriod.Month, topK: 1)!;

        // Jul: dolphin (Yi); Sep: + apo (phi-2); Oct: + the three fietje rows: phi-2 4 of 5, Yi 1 of 5.
        Assert.Equal([new DateOnly(2024, 7, 1), new(2024, 8, 1), new(2024, 9, 1), new(2024, 10, 1)], concentration.Periods);
        Assert.Equal([1, 1, 2, 5], concentration.TotalDerivatives);
        Assert.Equal(0.8, concentration.TopKShare[^1], 9);
        Assert.Equal(0.8 * 0.8 + 0.2 * 0.2, concentration.Herfindahl[^1], 9);
        Assert.Equal("microsoft/phi-2", concentration.FamilyShares.Single().Name);
    }

    [Fact]
    public void The_filters_narrow_a_leaderboard_population()
    {
        var bram = V2.BenchmarkDeltas(new StatisticsFilter { Author = "bramvanroy" })!;
        Assert.Equal([2, 0, 0, 0, 0, 0, 0], bram.DerivedRows);
        Assert.Equal([3, 0, 0, 0, 0, 0, 0], bram.Pairs!);

        var phi = V2.BenchmarkDeltas(new StatisticsFilter { FamilyId = "microsoft/phi-2" })!;
        Assert.Equal([3, 0, 0, 0, 0, 0, 0], phi.DerivedRows);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0], phi.PretrainedRows); // phi-2 itself and its four
        Assert.Null(V2.BenchmarkDeltas(new StatisticsFilter { FamilyId = "nobody/nothing" }));

        var from2024 = V1.BenchmarkDeltas(new StatisticsFilter { From = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) })!;
        Assert.Equal([1, 3, 0, 0, 0, 0, 0], from2024.DerivedRows);
        Assert.Equal([0, 1, 0, 0, 0, 0, 0], from2024.PretrainedRows); // xglm, llama-13b, MegaMix are 2023
    }
}
