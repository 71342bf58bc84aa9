using System.IO.Compression;
using System.Net;
using System.Text;
using OpenAccess.Hostile.Tests.Infrastructure;

namespace OpenAccess.Hostile.Tests;

/// <summary>Files built to hurt: bombs, endless lines, truncated gzip. Each ends its run with a reason; the host gives its memory back.</summary>
[Collection(CorpusCollection.Name)]
public sealed class FileCorpusTests(CorpusHost corpus)
{
    [Fact]
    public async Task A_gzip_bomb_of_one_endless_line_fails_its_run_and_leaves_no_memory_behind()
    {
        // 10 MB of gzip members, each 1 MiB of 'a': 10 GiB of one line with no newline once decompressed.
        var member = Records.Gzip(Encoding.ASCII.GetBytes(new string('a', 1 << 20)));
        var head = Records.Gzip(Encoding.ASCII.GetBytes("{\"id\":\"bomb/one-line\",\"pad\":\""));
        using var bomb = new MemoryStream();
        bomb.Write(head);
        for (var i = 0; i < 10 * 1024; i++) bomb.Write(member);

        var before = corpus.Host.ResidentBytes;
        for (var upload = 1; upload <= 2; upload++)
        {
            var run = await corpus.ImportAsync(bomb.ToArray(), $"bomb-{upload}");
            Assert.True(run.Status == "failed" || run.Errors.Any(e => e.Line == 1), run.ToString());
            Assert.Equal(0, run.Published);
            await corpus.AssertMemoryReturnedAsync($"gzip bomb {upload}", before);
        }
    }

    [Fact]
    public async Task A_200_MB_line_is_refused_with_its_line_number_and_the_next_line_still_counts()
    {
        var before = corpus.Host.ResidentBytes;
        var run = await corpus.ImportAsync(new GeneratedLine("huge/line", 200 << 20, Records.Line("huge/after")), "huge-line");

        Assert.True(run.Errors.Any(e => e.Line == 1) || run.Failure?.Contains("line 1") == true, run.ToString());
        Assert.DoesNotContain(run.Errors, e => e.Line == 2);
        await corpus.AssertMemoryReturnedAsync("a 200 MB line", before);
    }

    [Fact]
    public async Task A_gzip_cut_at_a_line_boundary_is_a_failed_run_not_a_short_one()
    {
        var (whole, cut) = TruncatedGzip(3_000, flushAfter: 1_000, "cut-at-line");

        var run = await corpus.ImportAsync(cut, "cut-at-line");

        Assert.True(run.Status == "failed", run.ToString());
        Assert.Contains("truncated", run.Failure, StringComparison.OrdinalIgnoreCase);
        Assert.True(whole.Length > cut.Length);
    }

    [Fact]
    public async Task A_gzip_cut_mid_line_is_a_failed_run_saying_it_is_truncated()
    {
        var (whole, _) = TruncatedGzip(3_000, flushAfter: 1_000, "cut-mid");

        var run = await corpus.ImportAsync(whole[..(whole.Length / 2)], "cut-mid-line");

        Assert.True(run.Status == "failed", run.ToString());
        Assert.Contains("truncated", run.Failure, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_same_gzip_whole_is_imported_whole()
    {
        var (whole, _) = TruncatedGzip(300, flushAfter: 100, "whole");

        var run = await corpus.ImportAsync(whole, "whole");

        Assert.True((run.Status, run.Published + run.Unchanged, run.Rejected) == ("completed", 300, 0), run.ToString());
    }

    /// <summary>A gzip of <paramref name="lines"/> records, and the same stream cut where it was flushed after <paramref name="flushAfter"/> lines: no trailer.</summary>
    static (byte[] Whole, byte[] Cut) TruncatedGzip(int lines, int flushAfter, string prefix)
    {
        using var buffer = new MemoryStream();
        var cutAt = 0L;
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var i = 0; i < lines; i++)
            {
                gzip.Write(Encoding.UTF8.GetBytes(Records.Line($"{prefix}/m{i}") + "\n"));
                if (i + 1 == flushAfter)
                {
                    gzip.Flush();
                    cutAt = buffer.Length;
                }
            }
        }

        var whole = buffer.ToArray();
        return (whole, whole[..(int)cutAt]);
    }

    /// <summary>A body of one JSON line padded to <c>size</c> bytes, then a good line; written as it is sent, never held.</summary>
    sealed class GeneratedLine(string id, long size, string next) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\",\"pad\":\""));
            var chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
            for (long written = 0; written < size; written += chunk.Length) await stream.WriteAsync(chunk);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("\"}\n" + next + "\n"));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
