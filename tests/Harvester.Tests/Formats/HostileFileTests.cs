using System.IO.Compression;
using System.Net.Http.Json;
using System.Text;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Formats;

/// <summary>
/// Files built to hurt: lines and rows past the record limit, gzip bombs (generated as they are written, a ratio cap keeps
/// them small), and gzip files cut short. Each gets an answer a user can act on, and the lines around a refused one go on.
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    const int Limit = 1 << 20;
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-hostile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static string Model(int i) => $$"""{"id":"hostile/m{{i}}","sha":"s{{i}}","lastModified":"2024-05-01T00:00:00.000Z","tags":[]}""";

    Task<HarvesterApp> StartAsync(params (string Key, string Value)[] settings) =>
        HarvesterApp.StartAsync(Path.Combine(folder, "data"), new Uri("http://127.0.0.1:9/"), [("OpenAccess:Harvester:MaxRecordBytes", $"{Limit}"), .. settings]);

    /// <summary>Writes <paramref name="parts"/> to a file, gzip when asked; a part of type long is that many bytes of 'a' with no newline, generated as written.</summary>
    string Write(string name, bool gzip, params object[] parts)
    {
        var path = Path.Combine(folder, name);
        using var file = File.Create(path);
        using Stream target = gzip ? new GZipStream(file, CompressionLevel.Optimal) : file;
        var chunk = new byte[1 << 16];
        chunk.AsSpan().Fill((byte)'a');
        foreach (var part in parts)
        {
            if (part is long filler)
            {
                for (var left = filler; left > 0; left -= chunk.Length) target.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            }
            else
            {
                target.Write(Encoding.UTF8.GetBytes((string)part));
            }
        }

        return path;
    }

    [Theory]
    [InlineData("MaxParentsPerModel", "0")]
    [InlineData("MaxCompressionRatio", "1")]
    [InlineData("MaxRecordBytes", "-5")]
    public async Task A_limit_out_of_range_fails_start_up_naming_its_key(string key, string value)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(($"OpenAccess:Harvester:{key}", value)));

        Assert.StartsWith($"OpenAccess:Harvester:{key} must be", failure.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_line_past_MaxRecordBytes_is_quarantined_with_its_number_and_an_excerpt_and_the_lines_after_it_import(bool gzip)
    {
        await using var app = await StartAsync();
        const string start = "{\"id\":\"hostile/long\",\"card\":\"";
        var path = Write(gzip ? "long.jsonl.gz" : "long.jsonl", gzip, Model(1) + "\n", start, 3L * Limit, "\"}\n", Model(3) + "\n");

        var run = await app.ImportAsync(path);
        var quarantined = Assert.Single((await app.Http.GetFromJsonAsync<List<QuarantinedRecord>>($"/quarantine?run={run.Id}"))!);

        Assert.Equal((HarvestRun.Completed, 3, 2, 1), (run.Status, run.Lines, run.Published, run.Rejected));
        Assert.Equal(2, Assert.Single(run.Errors).Line);
        Assert.Equal($"line 2 of {Path.GetFileName(path)}", quarantined.Location);
        Assert.Contains($"line 2 is {start.Length + 3 * Limit + 2:N0} bytes long, more than MaxRecordBytes ({Limit:N0})", quarantined.Reason);
        Assert.StartsWith("{\"id\":\"hostile/long\"", quarantined.Raw);
        Assert.InRange(quarantined.Raw.Length, 100, 4200);
        Assert.Equal(["hostile/m1", "hostile/m3"], app.Of<ModelDiscovered>().Select(e => System.Text.Json.JsonSerializer.Deserialize<ModelDiscovered>(e.Json)!.Id).Order());
    }

    [Fact]
    public async Task Records_past_a_limit_are_quarantined_cut_short_with_the_field_the_limit_and_their_line_and_the_run_counts_them()
    {
        await using var app = await StartAsync();
        var parents = string.Join(",", Enumerable.Range(0, 5_000).Select(i => $"\"base_model:merge:p/m{i}\",\"base_model:p/m{i}\""));
        var wide = $$"""{"id":"hostile/wide","tags":[{{parents}}]}""";
        var path = Write("limits.jsonl", false, Model(1) + "\n", wide + "\n", """{"id":"hostile/future","lastModified":"9999-12-31T00:00:00.000Z"}""" + "\n",
            """{"id":"hostile/.."}""" + "\n", Model(5) + "\n");

        var run = await app.ImportAsync(path);
        var quarantine = (await app.Http.GetFromJsonAsync<List<QuarantinedRecord>>($"/quarantine?run={run.Id}"))!.ToDictionary(q => q.Location);
        var name = Path.GetFileName(path);

        Assert.Equal((HarvestRun.Completed, 5, 2, 3), (run.Status, run.Lines, run.Published, run.Rejected));
        Assert.Equal([2, 3, 4], run.Errors.Select(e => e.Line));
        Assert.Equal("base_model names 5000 parents, more than MaxParentsPerModel (256)", quarantine[$"line 2 of {name}"].Reason);
        Assert.EndsWith($"… [cut: 4,096 of {wide.Length:N0} characters kept]", quarantine[$"line 2 of {name}"].Raw);
        Assert.StartsWith("lastModified 9999-12-31T00:00:00Z is later than the harvest's clock plus MaxFutureSkew", quarantine[$"line 3 of {name}"].Reason);
        Assert.Equal("id 'hostile/..' is not a Hub model id: it has a dot segment '..' (expected 'author/name')", quarantine[$"line 4 of {name}"].Reason);
    }

    [Fact]
    public async Task A_csv_row_past_MaxRecordBytes_fails_the_run_naming_the_row_since_the_rows_after_an_unclosed_quote_cannot_be_trusted()
    {
        await using var app = await StartAsync();
        var path = Write("crawl.csv", false, "model_id,metadata\n", $"hostile/m1,\"{Model(1).Replace("\"", "\"\"")}\"\n", "hostile/m2,\"never closed ", 2L * Limit);

        var run = await app.ImportAsync(path);

        Assert.Equal(HarvestRun.Failed, run.Status);
        Assert.Contains("row 3 is longer than MaxRecordBytes", run.Failure);
    }

    [Fact]
    public async Task A_gzip_bomb_of_one_endless_line_fails_the_run_at_the_compression_ratio_cap()
    {
        await using var app = await StartAsync(("OpenAccess:Harvester:MaxCompressionRatio", "50"), ("OpenAccess:Harvester:RatioCheckedAfterBytes", $"{Limit}"));
        var path = Write("bomb.jsonl.gz", true, Model(1) + "\n{\"id\":\"hostile/bomb\",\"card\":\"", 64L * Limit);

        var run = await app.ImportAsync(path);

        Assert.True(new FileInfo(path).Length < Limit / 4, "the bomb is small on disk");
        Assert.Equal(HarvestRun.Failed, run.Status);
        Assert.Contains("expands more than MaxCompressionRatio (50:1)", run.Failure);
    }

    [Fact]
    public async Task Gzip_content_past_MaxDecompressedBytes_fails_the_run()
    {
        await using var app = await StartAsync(("OpenAccess:Harvester:MaxDecompressedBytes", $"{4 * Limit}"));
        var lines = string.Concat(Enumerable.Range(0, 100_000).Select(i => Model(i) + "\n"));
        var path = Write("big.jsonl.gz", true, lines);

        var run = await app.ImportAsync(path);

        Assert.Equal(HarvestRun.Failed, run.Status);
        Assert.Contains($"larger than MaxDecompressedBytes ({4 * Limit:N0} bytes)", run.Failure);
    }

    [Theory]
    [InlineData("at a line boundary")]
    [InlineData("mid-line")]
    [InlineData("without its trailer")]
    public async Task A_gzip_file_cut_short_fails_the_run_as_truncated(string cut)
    {
        await using var app = await StartAsync();
        var lines = string.Concat(Enumerable.Range(0, 3000).Select(i => $$"""{"id":"hostile/m{{i}}","sha":"{{Guid.NewGuid()}}"}""" + "\n"));
        var whole = File.ReadAllBytes(Write("whole.jsonl.gz", true, lines));
        var cutAt = cut switch
        {
            "at a line boundary" => LineBoundaryCut(lines),
            "mid-line" => whole.Length / 2,
            _ => whole.Length - 8,
        };
        var path = Path.Combine(folder, "cut.jsonl.gz");
        File.WriteAllBytes(path, whole[..cutAt]);

        var run = await app.ImportAsync(path);

        Assert.Equal(HarvestRun.Failed, run.Status);
        Assert.Contains("the gzip file is truncated", run.Failure);
    }

    /// <summary>The compressed length of the first 1,000 lines flushed: a file that decompresses to whole lines and then stops.</summary>
    int LineBoundaryCut(string lines)
    {
        var first = string.Concat(lines.Split('\n').Take(1000).Select(l => l + "\n"));
        using var buffer = new MemoryStream();
        using var gzip = new GZipStream(buffer, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(first));
        gzip.Flush();
        var cut = (int)buffer.Length;
        using var check = new StreamReader(new GZipStream(new MemoryStream(buffer.ToArray()[..cut]), CompressionMode.Decompress));
        Assert.Throws<InvalidDataException>(() => check.ReadToEnd()); // as the runtime reads it with strict validation
        return cut;
    }

    [Fact]
    public async Task A_gzip_file_of_several_members_still_imports_whole()
    {
        await using var app = await StartAsync();
        var one = File.ReadAllBytes(Write("one.gz", true, Model(1) + "\n" + Model(2) + "\n"));
        var two = File.ReadAllBytes(Write("two.gz", true, Model(3) + "\n"));
        var path = Path.Combine(folder, "members.jsonl.gz");
        File.WriteAllBytes(path, [.. one, .. two]);

        var run = await app.ImportAsync(path);

        Assert.Equal((HarvestRun.Completed, 3, 0), (run.Status, run.Published, run.Rejected));
    }

    [Fact]
    public async Task A_gzip_file_whose_trailer_does_not_match_fails_the_run_as_corrupt()
    {
        await using var app = await StartAsync();
        var bytes = File.ReadAllBytes(Write("ok.gz", true, Model(1) + "\n"));
        bytes[^8] ^= 0xFF; // the CRC
        var path = Path.Combine(folder, "crc.jsonl.gz");
        File.WriteAllBytes(path, bytes);

        var run = await app.ImportAsync(path);

        Assert.Equal(HarvestRun.Failed, run.Status);
        Assert.Contains("the gzip data is corrupt", run.Failure);
    }
}
