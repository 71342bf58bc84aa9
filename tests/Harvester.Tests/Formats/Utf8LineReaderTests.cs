using System.Text;
using OpenAccess.Harvester.Formats;

namespace OpenAccess.Harvester.Tests.Formats;

public class Utf8LineReaderTests
{
    static async Task<List<string>> LinesAsync(byte[] content, int chunk)
    {
        var lines = new List<string>();
        await foreach (var line in Utf8LineReader.ReadAsync(new TrickleStream(content, chunk), 1 << 20, default))
        {
            lines.Add(Encoding.UTF8.GetString(line.Bytes.Span));
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

    [Fact]
    public async Task A_line_of_gigabytes_without_a_newline_is_read_past_in_a_bounded_buffer_and_reported_with_its_length()
    {
        const long length = 3L << 30; // past int.MaxValue: the buffer once doubled until it could not
        var lines = new List<(string Start, long Length, bool TooLong)>();
        // The stream answers at once, so the whole read stays on this thread and its allocations are this thread's.
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        await foreach (var line in Utf8LineReader.ReadAsync(new GeneratedStream("{\"a\":1}\n"u8.ToArray(), length, "\n{\"b\":2}"u8.ToArray()), 1 << 20, default))
        {
            lines.Add((Encoding.UTF8.GetString(line.Bytes.Span[..Math.Min(8, line.Bytes.Length)]), line.Length, line.TooLong));
        }

        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal([("{\"a\":1}", 7L, false), ("xxxxxxxx", length, true), ("{\"b\":2}", 7L, false)], lines);
        Assert.True(used < 8 << 20, $"allocated {used:N0} bytes reading a {length:N0}-byte line");
    }

    /// <summary>A head, then <c>length</c> bytes of 'x' made up as they are read, then a tail.</summary>
    sealed class GeneratedStream(byte[] head, long length, byte[] tail) : Stream
    {
        long position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var total = head.Length + length + tail.Length;
            var n = (int)Math.Min(buffer.Length, total - position);
            for (var i = 0; i < n;)
            {
                var at = position + i;
                if (at < head.Length) buffer[i++] = head[at];
                else if (at >= head.Length + length) buffer[i++] = tail[at - head.Length - length];
                else
                {
                    var run = (int)Math.Min(n - i, head.Length + length - at);
                    buffer.Slice(i, run).Fill((byte)'x');
                    i += run;
                }
            }

            position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Hands out at most <c>chunk</c> bytes a read, as a network or decompressing stream may.</summary>
    sealed class TrickleStream(byte[] content, int chunk) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
