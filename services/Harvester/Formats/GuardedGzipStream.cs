using System.IO.Compression;

namespace OpenAccess.Harvester.Formats;

/// <summary>
/// The decompressed content of a gzip file, refused past a size or a compression ratio (a decompression bomb), and with
/// the runtime's errors told as what they mean to whoever sent the file: truncated, or corrupt.
/// </summary>
public sealed class GuardedGzipStream(FileStream file, long maxBytes, int maxRatio, long ratioCheckedAfter) : Stream
{
    /// <summary>
    /// Makes the runtime refuse a gzip stream that ends before its last block and trailer: by default it ends such a stream
    /// as if it were whole (a file cut at a line boundary imported a third of its lines without an error). The runtime reads
    /// the switch once, when it first decompresses, so the host sets it before anything else runs.
    /// </summary>
    public const string StrictValidationSwitch = "System.IO.Compression.UseStrictValidation";

    readonly GZipStream gzip = new(file, CompressionMode.Decompress);
    long decompressed;

    /// <summary>Whether this process's runtime refuses a truncated gzip stream (the switch was set in time).</summary>
    public static bool RuntimeDetectsTruncation => Detects.Value;

    static readonly Lazy<bool> Detects = new(() =>
    {
        var whole = new MemoryStream();
        using (var writer = new GZipStream(whole, CompressionLevel.Fastest, leaveOpen: true)) writer.Write("{}\n"u8);
        try
        {
            using var reader = new GZipStream(new MemoryStream(whole.ToArray()[..^8]), CompressionMode.Decompress);
            reader.CopyTo(Stream.Null);
            return false;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    });

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Explained(e);
        }

        return Counted(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await gzip.ReadAsync(buffer, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw Explained(e);
        }

        return Counted(read);
    }

    int Counted(int read)
    {
        decompressed += read;
        if (decompressed > maxBytes)
        {
            throw new InvalidDataException($"the gzip content is larger than MaxDecompressedBytes ({maxBytes:N0} bytes); the run stops there");
        }

        if (decompressed > ratioCheckedAfter && decompressed > (long)maxRatio * Math.Max(1, file.Position))
        {
            throw new InvalidDataException(
                $"the gzip content expands more than MaxCompressionRatio ({maxRatio}:1): {decompressed:N0} bytes from the first {file.Position:N0} compressed bytes; the run stops there");
        }

        return read;
    }

    InvalidDataException Explained(InvalidDataException e) =>
        e.Message.Contains("truncated", StringComparison.OrdinalIgnoreCase)
            ? new InvalidDataException($"the gzip file is truncated: it ends before its last block and trailer, after {decompressed:N0} decompressed bytes", e)
            : new InvalidDataException($"the gzip data is corrupt after {decompressed:N0} decompressed bytes: a bad block, or a trailer whose CRC or length does not match", e);

    protected override void Dispose(bool disposing)
    {
        if (disposing) gzip.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await gzip.DisposeAsync();
        await base.DisposeAsync();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => decompressed; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
