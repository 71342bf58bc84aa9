using System.Buffers;
using System.Runtime.CompilerServices;

namespace OpenAccess.Harvester.Formats;

/// <summary>
/// The lines of a UTF-8 stream as the bytes they are, so a JSONL record goes to the JSON parser without being decoded to
/// a string and encoded back. Line ends (<c>\n</c>, <c>\r\n</c>) and a leading byte-order mark are left out.
/// </summary>
public static class Utf8LineReader
{
    const int InitialBuffer = 1 << 16;
    static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Each line is valid until the next one is asked for: it lives in a buffer the reader reuses.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
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
                if (newline < 0 && !endOfStream)
                {
                    scanned = end - start;
                    (buffer, start, end) = MakeRoom(buffer, start, end);
                    var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
                    endOfStream = read == 0;
                    end += read;
                    continue;
                }

                if (newline < 0 && start == end) yield break;
                var length = newline < 0 ? end - start : newline;
                var line = buffer.AsMemory(start, length);
                start += newline < 0 ? length : newline + 1;
                scanned = 0;
                if (first && line.Span.StartsWith(ByteOrderMark)) line = line[ByteOrderMark.Length..];
                first = false;
                yield return line.Span.EndsWith((byte)'\r') ? line[..^1] : line;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Moves the unread bytes to the front, and doubles the buffer when a line fills all of it.</summary>
    static (byte[] Buffer, int Start, int End) MakeRoom(byte[] buffer, int start, int end)
    {
        var unread = end - start;
        var target = unread == buffer.Length ? ArrayPool<byte>.Shared.Rent(buffer.Length * 2) : buffer;
        buffer.AsSpan(start, unread).CopyTo(target);
        if (target != buffer) ArrayPool<byte>.Shared.Return(buffer);
        return (target, 0, unread);
    }
}
