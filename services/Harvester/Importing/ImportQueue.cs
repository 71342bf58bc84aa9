using System.Threading.Channels;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Importing;

/// <summary>A file waiting to be imported; <see cref="DeleteAfter"/> for uploads copied to a temporary file.</summary>
public sealed record ImportRequest(HarvestRun Run, string Path, bool DeleteAfter);

/// <summary>Imports run one at a time, in the order they were asked for.</summary>
public sealed class ImportQueue
{
    readonly Channel<ImportRequest> channel = Channel.CreateUnbounded<ImportRequest>();

    public ChannelReader<ImportRequest> Reader => channel.Reader;

    public ValueTask EnqueueAsync(ImportRequest request, CancellationToken cancellationToken) =>
        channel.Writer.WriteAsync(request, cancellationToken);
}

public sealed class ImportWorker(ImportQueue queue, SnapshotImporter importer) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await importer.ImportAsync(request.Run, request.Path, stoppingToken);
            }
            finally
            {
                if (request.DeleteAfter)
                {
                    File.Delete(request.Path);
                }
            }
        }
    }
}
