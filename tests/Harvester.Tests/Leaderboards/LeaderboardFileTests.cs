using System.Text.Json;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Leaderboards;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Leaderboards;

/// <summary>Every row of the real leaderboard exports, mapped to <see cref="BenchmarkUpdated"/>, gives back the averages the leaderboard published.</summary>
public sealed class LeaderboardFileTests
{
    static async Task<List<SourceRecord>> ReadAsync(string path, SnapshotFormat expected)
    {
        Assert.Equal(expected, await SnapshotFileReader.DetectAsync(path, default));
        var records = new List<SourceRecord>();
        await foreach (var record in SnapshotFileReader.ReadAsync(path, expected, Path.GetFileName(path), default)) records.Add(record);
        return records;
    }

    [Fact]
    public async Task V2_rows_give_the_published_average_as_the_mean_of_the_six_normalised_scores()
    {
        var records = await ReadAsync(RealModels.Fixture("leaderboard", "v2", "open_llm_leaderboard_v2_2025-02.csv"), SnapshotFormat.LeaderboardV2Csv);

        Assert.Equal(3827, records.Count);
        Assert.All(records, r => Assert.Null(r.Rejection));
        var benchmarks = records.Select(r => r.Benchmark!.Benchmark!).ToList();
        Assert.All(benchmarks, b =>
        {
            Assert.Equal(["IFEval", "BBH", "MATH Lvl 5", "GPQA", "MUSR", "MMLU-PRO"], b.Scores.Select(s => s.Benchmark));
            Assert.Equal(b.Average!.Value, b.Scores.Average(s => s.NormalisedValue!.Value), 9);
        });
        var yi = benchmarks.Single(b => b.ModelId == "01-ai/Yi-1.5-34B");
        Assert.Equal(("v2", "4b486f81c935a2dadde84c6baa1e1370d40a098f", "bfloat16", "🟢 pretrained"), (yi.LeaderboardVersion, yi.Revision, yi.Precision, yi.ModelTypeLabel));
        Assert.Equal(new DateTimeOffset(2024, 6, 12, 0, 0, 0, TimeSpan.Zero), yi.EvaluatedAt);
        Assert.Equal(36.577181208053694, yi.Scores.Single(s => s.Benchmark == "GPQA").RawValue, 9);
        Assert.Equal(("LlamaForCausalLM", 34.389, "01-ai/Yi-1.5-34B"), (yi.Architecture, yi.ParametersInBillions, yi.BaseModel));
        // A merge names itself as "X (Merge)"; a deleted base is written "Removed", which names nothing.
        Assert.Equal("3rd-Degree-Burn/Llama-3.1-8B-Squareroot", benchmarks.Single(b => b.ModelId == "3rd-Degree-Burn/Llama-3.1-8B-Squareroot").BaseModel);
        Assert.Null(benchmarks.Single(b => b.ModelId == "3rd-Degree-Burn/L-3.1-Science-Writer-8B").BaseModel);
        // Five rows give 0 parameters (a failed count): they carry none rather than a size of zero.
        Assert.Equal(["cognitivecomputations/dolphin-2.9.2-Phi-3-Medium", "Corianas/llama-3-reactor", "google/gemma-2-2b", "google/umt5-base", "pankajmathur/orca_mini_v8_1_70b"],
            benchmarks.Where(b => b.ParametersInBillions is null).Select(b => b.ModelId).Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task V2_normalisation_from_the_raw_scores_matches_the_leaderboard_columns_on_every_row()
    {
        var records = await ReadAsync(RealModels.Fixture("leaderboard", "v2", "open_llm_leaderboard_v2_2025-02.csv"), SnapshotFormat.LeaderboardV2Csv);
        var clippedGpqa = 0;
        foreach (var b in records.Select(r => r.Benchmark!.Benchmark!))
        {
            var score = b.Scores.ToDictionary(s => s.Benchmark);
            Assert.Equal(score["GPQA"].NormalisedValue!.Value, V2Normalisation.Normalise(score["GPQA"].RawValue / 100, V2Normalisation.GpqaBaseline), 9);
            Assert.Equal(score["MMLU-PRO"].NormalisedValue!.Value, V2Normalisation.Normalise(score["MMLU-PRO"].RawValue / 100, V2Normalisation.MmluProBaseline), 9);
            Assert.Equal(score["IFEval"].NormalisedValue!.Value, score["IFEval"].RawValue, 9);
            Assert.Equal(score["MATH Lvl 5"].NormalisedValue!.Value, score["MATH Lvl 5"].RawValue, 9);
            if (score["GPQA"].RawValue < 25) clippedGpqa++;
        }

        Assert.Equal(179, clippedGpqa); // rows below random guessing: the leaderboard shows 0, not a negative score
    }

    [Fact]
    public async Task V1_final_table_rows_give_the_published_average_as_the_mean_of_the_six_scores()
    {
        var records = await ReadAsync(RealModels.Fixture("leaderboard", "v1", "open_llm_leaderboard_v1_final_half.csv"), SnapshotFormat.LeaderboardV1Csv);

        Assert.Equal(3584, records.Count);
        Assert.All(records, r => Assert.Null(r.Rejection));
        Assert.All(records.Select(r => r.Benchmark!.Benchmark!), b => // six scores and the average each rounded to 2 decimals
            Assert.True(Math.Abs(b.Average!.Value - b.Scores.Average(s => s.RawValue)) <= 0.01 + 1e-9, $"{b.ModelId}: {b.Average} vs {b.Scores.Average(s => s.RawValue)}"));
        var first = records[0].Benchmark!.Benchmark!;
        Assert.Equal(("chansung/gpt4-alpaca-lora-13b-decapoda-1024", "v1", "7aedafea409de07a997d70a84e30242c7b86877c", "float16"), (first.ModelId, first.LeaderboardVersion, first.Revision, first.Precision));
        Assert.Equal([59.39, 81.87, 47.75, 52.59, 77.35, 8.11], first.Scores.Select(s => s.RawValue));
        Assert.Equal((null, 13.0, null), (first.Architecture, first.ParametersInBillions, first.BaseModel)); // the table writes "Unknown"
    }

    /// <summary>Rows whose published average is not the mean of their own four scores, as the leaderboard showed them in May–June 2023.</summary>
    static readonly HashSet<(string File, string Model)> PublishedInconsistent =
    [
        ("20230523.csv", "stabilityai/stablelm-base-alpha-3b"), ("20230526.csv", "xhyi/PT_GPTNEO350_ATG"), ("20230526.csv", "chatmundo/gpt2-small-portuguese"),
        ("20230526.csv", "microsoft/MiniLM-L6-H384-uncased"), ("20230526.csv", "microsoft/MiniLM-L3-H384-uncased"),
    ];

    [Fact]
    public async Task V1_dated_snapshot_rows_give_the_published_average_as_the_mean_of_the_four_scores()
    {
        var files = Directory.GetFiles(RealModels.Fixture("leaderboard", "v1-snapshots"), "*.csv").Order().ToList();
        Assert.Equal(18, files.Count);
        var checkedRows = 0;
        var rejected = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            foreach (var record in await ReadAsync(file, SnapshotFormat.LeaderboardV1DatedCsv))
            {
                if (record.Rejection is { } reason)
                {
                    // Real broken rows: one without a TruthfulQA score, and notes ("… has been flagged") where a model id belongs.
                    Assert.True((name, record.ModelId, reason) == ("20230610.csv", "vicgalle/gpt2-alpaca-gpt4", "missing TruthfulQA score") || reason.Contains("is not a Hub model id"), reason);
                    rejected++;
                    continue;
                }

                var b = record.Benchmark!.Benchmark!;
                Assert.Equal(DateTimeOffset.ParseExact(name[..8], "yyyyMMdd", null, System.Globalization.DateTimeStyles.AssumeUniversal), b.EvaluatedAt);
                if (PublishedInconsistent.Contains((name, b.ModelId))) continue;
                Assert.True(Math.Abs(b.Average!.Value - b.Scores.Average(s => s.RawValue)) <= 0.05 + 1e-9, $"{name} {b.ModelId}");
                checkedRows++;
            }
        }

        Assert.Equal(7334 - PublishedInconsistent.Count, checkedRows + rejected); // every row of the 18 files but the five named above
    }

    [Fact]
    public async Task V1_results_file_gives_ARC_HellaSwag_and_MMLU_as_the_mean_of_its_subjects()
    {
        var records = await ReadAsync(RealModels.Fixture("leaderboard", "v1_results_example_CBDDO-LLM-8B-Instruct-v1_PARTIAL.json"), SnapshotFormat.LeaderboardV1Results);

        var b = Assert.Single(records).Benchmark!.Benchmark!;
        Assert.Equal(("aerdincdal/CBDDO-LLM-8B-Instruct-v1", "84430552036c85cc6a16722b26496df4d93f3afe", "bfloat16"), (b.ModelId, b.Revision, b.Precision));
        var scores = b.Scores.ToDictionary(s => s.Benchmark, s => s.RawValue);
        Assert.Equal(54.60750853242321, scores["ARC"], 9);
        Assert.Equal(76.33937462656841, scores["HellaSwag"], 9);
        Assert.Equal((0.35 + 0.6148148148148148 + 0.5986842105263158 + 0.62 + 0.7094339622641509) / 5 * 100, scores["MMLU"], 9);
        Assert.Null(b.Average); // the partial file lacks TruthfulQA, Winogrande and GSM8K
    }

    [Fact]
    public void V1_average_is_the_mean_of_all_six_when_the_results_file_has_them()
    {
        // The real aggregate's ARC and HellaSwag with the real partial file's subjects, plus the three remaining tasks.
        using var document = JsonDocument.Parse("""
            {"config_general":{"model_name":"HenryJJ/Instruct_Mistral-7B-v0.1_Dolly15K"},"results":{
             "harness|arc:challenge|25":{"acc_norm":0.5938566552901023},"harness|hellaswag|10":{"acc_norm":0.826229834694284},
             "harness|hendrycksTest-anatomy|5":{"acc":0.6},"harness|hendrycksTest-astronomy|5":{"acc":0.7},
             "harness|truthfulqa:mc|0":{"mc1":0.2802937576499388,"mc2":0.435601924823795},"harness|winogrande|5":{"acc":0.78},"harness|gsm8k|5":{"acc":0.3}}}
            """);

        var b = V1ResultsMapper.Map(document.RootElement).Benchmark!;

        Assert.Equal((0.5938566552901023 + 0.826229834694284 + 0.65 + 0.435601924823795 + 0.78 + 0.3) / 6 * 100, b.Average!.Value, 9);
    }
}
