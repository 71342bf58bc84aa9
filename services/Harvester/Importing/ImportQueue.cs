using System.Diagnostics;
using System.Threading.Channels;
using OpenAccess.Harvester.Formats;
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

/// <summary>Runs the queued imports; an uploaded file is deleted once its run has ended, and kept when the host stopped during it (it resumes at the next start).</summary>
public sealed class ImportWorker(ImportQueue queue, SnapshotImporter importer, Hub.ConfigFileHarvester configFiles, ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!GuardedGzipStream.RuntimeDetectsTruncation)
        {
            logger.LogWarning("This process decompressed gzip before the switch {Switch} was set: a truncated gzip file will import as if whole. Set it in the host's runtimeconfig.",
                GuardedGzipStream.StrictValidationSwitch);
        }

        await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var ended = true;
            try
            {
                ended = (await importer.ImportAsync(request.Run, request.Path, request.Requester, stoppingToken)).Status != HarvestRun.Interrupted;
            }
            finally
            {
                configFiles.RunEnded(request.Run.Id);
                if (request.DeleteAfter && ended)
                {
                    File.Delete(request.Path);
                }
            }
        }
    }
}
