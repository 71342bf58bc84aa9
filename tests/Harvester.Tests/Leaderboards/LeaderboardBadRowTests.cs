using System.Net.Http.Json;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Leaderboards;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Leaderboards;

/// <summary>
/// Bad leaderboard rows (issue #18): a real row of each table with one field spoilt — refused with the field named, or kept with
/// the field unknown — and a file of good and bad rows imported whole, the bad ones counted and quarantined.
/// </summary>
public sealed class LeaderboardBadRowTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-badrows-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static string V2Path => RealModels.Fixture("leaderboard", "v2", "open_llm_leaderboard_v2_2025-02.csv");
    static string V1Path => RealModels.Fixture("leaderboard", "v1", "open_llm_leaderboard_v1_final_half.csv");

    /// <summary>The header and the row of <paramref name="modelId"/> (its id column <paramref name="idColumn"/>), as fields.</summary>
    static async Task<(string[] Header, string[] Row)> RealRowAsync(string path, string idColumn, string modelId)
    {
        using var reader = new StreamReader(path);
        string[]? header = null;
        await foreach (var fields in CsvReader.ReadAsync(reader, 1 << 20, default))
        {
            if (header is null) header = fields;
            else if (fields[Array.IndexOf(header, idColumn)] == modelId) return (header, fields);
        }

        throw new InvalidOperationException($"{modelId} is not in {path}");
    }

    static CsvRow With(string[] header, string[] row, params (string Column, string Value)[] changes)
    {
        var values = row.ToArray();
        foreach (var (column, value) in changes) values[Array.IndexOf(header, column)] = value;
        return new CsvRow(CsvRow.Columns(header), values);
    }

    [Theory]
    [InlineData("fullname", "", "missing 'fullname'")]
    [InlineData("fullname", "not an id", "'not an id' is not a Hub model id")]
    [InlineData("IFEval Raw", "NaN", "missing 'IFEval Raw' or 'IFEval'")]
    [InlineData("BBH Raw", "", "missing 'BBH Raw' or 'BBH'")]
    [InlineData("GPQA Raw", "1.7", "absurd number: GPQA raw 1.7")]
    [InlineData("MMLU-PRO", "-3", "absurd number: MMLU-PRO raw")]
    [InlineData("Average ⬆️", "140", "absurd number: average 140")]
    public async Task A_v2_row_with_a_bad_id_or_score_is_refused_naming_the_field(string column, string value, string reason)
    {
        var (header, row) = await RealRowAsync(V2Path, "fullname", "01-ai/Yi-1.5-34B");
        Assert.Null(V2RowMapper.Map(With(header, row)).Rejection);

        var record = V2RowMapper.Map(With(header, row, (column, value)));

        Assert.Null(record.Benchmark);
        Assert.StartsWith(reason, record.Rejection);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("?", null)]
    [InlineData("-1.0", null)] // three real rows: a failed count
    [InlineData("34.389", 34.389)]
    public async Task A_v2_row_with_an_empty_or_unknown_parameter_column_is_kept_without_a_size(string value, double? expected)
    {
        var (header, row) = await RealRowAsync(V2Path, "fullname", "01-ai/Yi-1.5-34B");

        var benchmark = V2RowMapper.Map(With(header, row, ("#Params (B)", value))).Benchmark;

        Assert.NotNull(benchmark);
        Assert.Equal(expected, benchmark.ParametersInBillions);
    }

    [Fact]
    public async Task A_type_outside_the_legend_is_kept_as_written_and_the_licence_and_base_are_read()
    {
        var (header, row) = await RealRowAsync(V2Path, "fullname", "01-ai/Yi-1.5-34B");

        var benchmark = V2RowMapper.Map(With(header, row, ("Type", "🌸 multimodal"))).Benchmark!; // a real label of 7 rows, not in the legend

        Assert.Equal(("🌸 multimodal", "apache-2.0", "01-ai/Yi-1.5-34B"), (benchmark.ModelTypeLabel, benchmark.License, benchmark.BaseModel));
        Assert.Null(V2RowMapper.Map(With(header, row, ("Hub License", "?"))).Benchmark!.License);
        Assert.Null(V2RowMapper.Map(With(header, row, ("Hub License", ""))).Benchmark!.License);
    }

    [Theory]
    [InlineData("arc", "nan", "missing ARC score")]
    [InlineData("gsm8k", "", "missing GSM8K score")]
    [InlineData("mmlu", "100.5", "absurd number: MMLU = 100.5")]
    [InlineData("average", "-1", "absurd number: average -1")]
    public async Task A_v1_row_with_a_bad_score_is_refused_naming_the_benchmark(string column, string value, string reason)
    {
        var (header, row) = await RealRowAsync(V1Path, "fullname", "chansung/gpt4-alpaca-lora-13b-decapoda-1024");
        Assert.Null(V1RowMapper.MapFinal(With(header, row)).Rejection);

        var record = V1RowMapper.MapFinal(With(header, row, (column, value)));

        Assert.Null(record.Benchmark);
        Assert.Equal(reason, record.Rejection);
    }

    [Fact]
    public async Task A_v1_row_without_any_id_is_refused_and_one_with_an_unknown_size_kept()
    {
        var (header, row) = await RealRowAsync(V1Path, "fullname", "chansung/gpt4-alpaca-lora-13b-decapoda-1024");

        Assert.Equal("missing model id", V1RowMapper.MapFinal(With(header, row, ("fullname", ""), ("model", ""))).Rejection);
        Assert.Equal("chansung/gpt4-alpaca-lora-13b-decapoda-1024", V1RowMapper.MapFinal(With(header, row, ("fullname", ""))).Benchmark!.ModelId); // 'model' then names it
        Assert.Null(V1RowMapper.MapFinal(With(header, row, ("params_b", "?"))).Benchmark!.ParametersInBillions);
        Assert.Equal("apache-2.0", V1RowMapper.MapFinal(With(header, row)).Benchmark!.License);
    }

    [Fact]
    public async Task A_file_of_good_and_bad_rows_imports_the_good_ones_and_counts_and_quarantines_the_bad()
    {
        var lines = File.ReadLines(V2Path).ToList();
        var (header, yi) = await RealRowAsync(V2Path, "fullname", "01-ai/Yi-1.5-34B");
        string Csv(IEnumerable<string> fields) => string.Join(',', fields.Select(f => f.Contains(',') || f.Contains('"') ? $"\"{f.Replace("\"", "\"\"")}\"" : f));
        string Spoilt(string column, string value) { var v = yi.ToArray(); v[Array.IndexOf(header, column)] = value; return Csv(v); }
        var path = Path.Combine(folder, "bad-rows.csv");
        await File.WriteAllLinesAsync(path, [lines[0], Csv(yi), Spoilt("fullname", ""), Spoilt("IFEval Raw", "NaN"), Csv(yi), Spoilt("Type", "🌸 multimodal"), lines[1]]);
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), new Uri("http://127.0.0.1:9/"));

        var run = await app.ImportAsync(path);

        // 6 rows: 2 refused; Yi's row twice and once more with a label outside the legend are one result (one key, the last row wins), 0-hero's the other.
        Assert.Equal((HarvestRun.Completed, 7, 2, 2), (run.Status, run.Lines, run.Rejected, run.BenchmarksPublished));
        Assert.Equal([(3, "missing 'fullname'"), (4, "missing 'IFEval Raw' or 'IFEval'")], run.Errors.Select(e => (e.Line, e.Reason)));
        var quarantine = await app.Http.GetFromJsonAsync<List<QuarantinedRecord>>($"/quarantine?run={run.Id}");
        Assert.Equal(2, quarantine!.Count);
        Assert.Equal("🌸 multimodal", app.Of<BenchmarkUpdated>().Select(e => System.Text.Json.JsonSerializer.Deserialize<BenchmarkUpdated>(e.Json)!)
            .Single(b => b.ModelId == "01-ai/Yi-1.5-34B").ModelTypeLabel);
    }
}
