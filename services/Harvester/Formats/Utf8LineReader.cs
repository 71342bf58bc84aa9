using System.Buffers;
using System.Runtime.CompilerServices;

namespace OpenAccess.Harvester.Formats;

/// <summary>
/// One line of a UTF-8 stream: its bytes, or, for a line longer than the reader's limit, its first bytes and its length
/// (<see cref="TooLong"/>); the rest of such a line is read past, never held.
/// </summary>
public readonly record struct Utf8Line(ReadOnlyMemory<byte> Bytes, long Length, bool TooLong);

/// <summary>
/// The lines of a UTF-8 stream as the bytes they are, so a JSONL record goes to the JSON parser without being decoded to
/// a string and encoded back. Line ends (<c>\n</c>, <c>\r\n</c>) and a leading byte-order mark are left out.
/// </summary>
public static class Utf8LineReader
{
    const int InitialBuffer = 1 << 16;
    /// <summary>Bytes of a too-long line kept to show what it was.</summary>
    public const int ExcerptBytes = 4096;
    static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Each line is valid until the next one is asked for: it lives in a buffer the reader reuses. The buffer grows to
    /// hold a line of up to <paramref name="maxLineBytes"/> and no further; buffers grown past the first are not pooled,
    /// so a run that met one long line gives its memory back when it ends.
    /// </summary>
    public static async IAsyncEnumerable<Utf8Line> ReadAsync(Stream stream, int maxLineBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        var pooled = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        var buffer = pooled;
        try
        {
            int start = 0, end = 0;
            var scanned = 0; // bytes after start already searched for a line end: a long line is not searched again at each read
            var endOfStream = false;
            var first = true;
            while (true)
            {
                var found = buffer.AsSpan(start + scanned, end - start - scanned).IndexOf((byte)'\n');
                var newline = found < 0 ? -1 : scanned + found;
                if (newline < 0 && !endOfStream && end - start > maxLineBytes)
                {
                    var excerpt = buffer.AsSpan(start, Math.Min(ExcerptBytes, end - start)).ToArray();
                    var (length, more) = await SkipLineAsync(stream, buffer, end - start, cancellationToken);
                    first = false;
                    yield return new Utf8Line(excerpt, length, TooLong: true);
                    buffer.AsSpan(more.Start, more.End - more.Start).CopyTo(buffer);
                    (start, end, scanned, endOfStream) = (0, more.End - more.Start, 0, more.EndOfStream);
                    continue;
                }

                if (newline < 0 && !endOfStream)
                {
                    scanned = end - start;
                    (buffer, start, end) = MakeRoom(buffer, pooled, start, end, maxLineBytes);
                    var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
                    endOfStream = read == 0;
                    end += read;
                    continue;
                }

                if (newline < 0 && start == end) yield break;
                var lineLength = newline < 0 ? end - start : newline;
                if (lineLength > maxLineBytes) // the whole line came in one read, or ends the stream
                {
                    first = false;
                    yield return new Utf8Line(buffer.AsSpan(start, Math.Min(ExcerptBytes, lineLength)).ToArray(), lineLength, TooLong: true);
                    start += newline < 0 ? lineLength : newline + 1;
                    scanned = 0;
                    continue;
                }

                var line = buffer.AsMemory(start, lineLength);
                start += newline < 0 ? lineLength : newline + 1;
                scanned = 0;
                if (first && line.Span.StartsWith(ByteOrderMark)) line = line[ByteOrderMark.Length..];
                first = false;
                line = line.Span.EndsWith((byte)'\r') ? line[..^1] : line;
                yield return new Utf8Line(line, line.Length, TooLong: false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }

    /// <summary>
    /// Reads past the rest of a line of which <paramref name="seen"/> bytes are in the buffer, reusing the buffer.
    /// Returns the line's whole length and where the bytes after it lie in the buffer.
    /// </summary>
    static async Task<(long Length, (int Start, int End, bool EndOfStream) More)> SkipLineAsync(Stream stream, byte[] buffer, long seen, CancellationToken cancellationToken)
    {
        var length = seen;
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0) return (length, (0, 0, true));
            var newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0) return (length + newline, (newline + 1, read, false));
            length += read;
        }
    }

    /// <summary>Moves the unread bytes to the front, and doubles the buffer (up to a line's limit) when a line fills all of it.</summary>
    static (byte[] Buffer, int Start, int End) MakeRoom(byte[] buffer, byte[] pooled, int start, int end, int maxLineBytes)
    {
        var unread = end - start;
        var target = unread == buffer.Length
            ? GC.AllocateUninitializedArray<byte>((int)Math.Min((long)buffer.Length * 2, (long)maxLineBytes + InitialBuffer))
            : buffer;
        buffer.AsSpan(start, unread).CopyTo(target);
        return (target, 0, unread);
    }
}
