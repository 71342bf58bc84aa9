using System.Text;
using OpenAccess.Harvester.Formats;

namespace OpenAccess.Harvester.Tests.Formats;

public class Utf8LineReaderTests
{
    static async Task<List<string>> LinesAsync(byte[] content, int chunk)
    {
        var lines = new List<string>();
        await foreach (var line in Utf8LineReader.ReadAsync(new TrickleStream(content, chunk), default))
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }

        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1 << 20)]
    public async Task Lines_come_out_as_a_StreamReader_reads_them_however_the_bytes_arrive(int chunk)
    {
        var longLine = "{\"id\":\"a/b\",\"card\":\"" + new string('x', 200_000) + "\"}"; // more than the reader's first buffer
        var text = "{\"id\":\"é/ü\"}\r\n\n" + longLine + "\n  \nlast without a newline";
        var content = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();

        var expected = new List<string>();
        using (var reader = new StreamReader(new MemoryStream(content), Encoding.UTF8))
        {
            while (reader.ReadLine() is { } line) expected.Add(line);
        }

        Assert.Equal(expected, await LinesAsync(content, chunk));
        Assert.Equal(5, expected.Count);
    }

    [Fact]
    public async Task An_empty_stream_has_no_lines_and_a_final_newline_adds_none()
    {
        Assert.Empty(await LinesAsync([], 16));
        Assert.Equal(["a", "b"], await LinesAsync("a\nb\n"u8.ToArray(), 16));
    }

    /// <summary>Hands out at most <c>chunk</c> bytes a read, as a network or decompressing stream may.</summary>
    sealed class TrickleStream(byte[] content, int chunk) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
