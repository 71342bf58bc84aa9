using System.Diagnostics;
using System.Threading.Channels;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Importing;

/// <summary>
/// A file waiting to be imported; <see cref="DeleteAfter"/> for uploads copied to a temporary file.
/// <see cref="Requester"/> is the trace context of whoever asked, so the import and every event it
/// publishes continue that trace.
/// </summary>
public sealed record ImportRequest(HarvestRun Run, string Path, bool DeleteAfter, ActivityContext Requester);

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
                await importer.ImportAsync(request.Run, request.Path, request.Requester, stoppingToken);
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
