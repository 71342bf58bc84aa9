using System.IO.Compression;
using System.Text;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Formats;

/// <summary>Writes every harvested model record in the project's snapshot format: one JSON object per line, in id order, optionally gzip.</summary>
public sealed class SnapshotExporter(IHarvestStore store)
{
    static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <returns>Records written.</returns>
    public async Task<int> ExportAsync(Stream output, bool gzip, CancellationToken cancellationToken)
    {
        var target = gzip ? new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true) : output;
        var count = 0;
        try
        {
            await foreach (var record in store.ReadRecordsAsync(cancellationToken))
            {
                await target.WriteAsync(Encoding.UTF8.GetBytes(record), cancellationToken);
                await target.WriteAsync(NewLine, cancellationToken);
                count++;
            }
        }
        finally
        {
            if (gzip) await target.DisposeAsync();
        }

        return count;
    }
}
