using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace OpenAccess.Harvester.Domain;

/// <summary>One line of a snapshot: its 1-based number and what it mapped to.</summary>
public sealed record SnapshotLine(int Number, MappingResult Result);

/// <summary>
/// Reads the project's snapshot format: one Hub model-info JSON object per line, plain or gzip
/// (recognised by its magic bytes, not the file name). A bad line is reported with its number and
/// the reason; reading goes on.
/// </summary>
public static class SnapshotReader
{
    public static bool IsGzip(Stream seekable)
    {
        Span<byte> head = stackalloc byte[2];
        var read = seekable.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        seekable.Position = 0;
        return read == 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    public static async IAsyncEnumerable<SnapshotLine> ReadAsync(Stream seekable, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var content = IsGzip(seekable) ? new GZipStream(seekable, CompressionMode.Decompress, leaveOpen: true) : seekable;
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return new SnapshotLine(number, Parse(line));
        }
    }

    public static MappingResult Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return HubModelMapper.Map(document.RootElement);
        }
        catch (JsonException e)
        {
            return MappingResult.Fail($"not valid JSON: {e.Message}");
        }
    }
}
