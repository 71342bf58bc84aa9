using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Importing;

/// <summary>
/// Imports a file in any supported layout (told by its content): publishes <c>ModelDiscovered</c> for models
/// that are new or changed and <c>BenchmarkUpdated</c> for leaderboard rows, quarantines bad records, and
/// checkpoints progress after every batch.
/// </summary>
public sealed class SnapshotImporter(IHarvestStore store, ModelBatchWriter models, BenchmarkBatchWriter benchmarks, PublishOptions options, TimeProvider clock, ILogger<SnapshotImporter> logger)
{
    public const int MaxListedErrors = 1000;
    static readonly ActivitySource Source = new("OpenAccess.Harvester");
    static readonly System.Diagnostics.Metrics.Meter Meter = new("OpenAccess.Harvester");
    static readonly System.Diagnostics.Metrics.Counter<long> Models = Meter.CreateCounter<long>(
        "openaccess.harvest.models", unit: "{model}", description: "Records a harvest or import run went through, by outcome: published, unchanged, rejected.");

    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    public async Task<HarvestRun> ImportAsync(HarvestRun run, string path, ActivityContext requester, CancellationToken cancellationToken)
    {
        using var activity = Source.StartActivity("import snapshot", ActivityKind.Internal, requester);
        activity?.SetTag("openaccess.run.id", run.Id);
        run = run with { Status = HarvestRun.Running };
        await store.SaveRunAsync(run, cancellationToken);
        var errors = new List<RunError>();
        var saved = new StrongBox<HarvestRun>(run); // the last checkpoint saved: what a failed run reports, as the store holds it
        try
        {
            if (await SnapshotFileReader.DetectAsync(path, cancellationToken) is not { } format)
            {
                throw new InvalidDataException("content is neither JSONL model records, a Hub crawl CSV nor a leaderboard table");
            }

            logger.LogInformation("Run {RunId} ({Name}): importing {Format}", run.Id, run.Name, format);
            run = await ImportBatchesAsync(run, path, format, errors, saved, cancellationToken);
            run = run with { Status = HarvestRun.Completed, FinishedAt = clock.GetUtcNow() };
            logger.LogInformation("Run {RunId} ({Name}) completed: {Lines} lines, {Published} published, {Benchmarks} benchmark results, {Unchanged} unchanged, {Rejected} rejected",
                run.Id, run.Name, run.Lines, run.Published, run.BenchmarksPublished, run.Unchanged, run.Rejected);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run = saved.Value! with { Status = HarvestRun.Failed, Failure = "cancelled", FinishedAt = clock.GetUtcNow() };
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            logger.LogError(e, "Run {RunId} ({Name}) failed reading the file", run.Id, run.Name);
            run = saved.Value! with { Status = HarvestRun.Failed, Failure = $"unreadable file: {e.Message}", FinishedAt = clock.GetUtcNow() };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The broker refused or went away, or the store failed: the batches not saved are not recorded as published, and
            // the run counts only what was, so importing the file again publishes them (under the same ids).
            logger.LogError(e, "Run {RunId} ({Name}) failed", run.Id, run.Name);
            run = saved.Value! with { Status = HarvestRun.Failed, Failure = e.Message, FinishedAt = clock.GetUtcNow() };
        }

        await store.SaveRunAsync(run, CancellationToken.None);
        return run;
    }

    /// <summary>
    /// Reads and parses ahead on a second thread, at most two batches ahead, so parsing overlaps publishing.
    /// A read error ends the sequence with that error.
    /// </summary>
    ChannelReader<List<SourceRecord>> ReadBatches(string path, SnapshotFormat format, string name, CancellationToken cancellationToken)
    {
        var batches = Channel.CreateBounded<List<SourceRecord>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        _ = Task.Run(async () =>
        {
            try
            {
                var batch = new List<SourceRecord>(options.BatchSize);
                await foreach (var record in SnapshotFileReader.ReadAsync(path, format, name, cancellationToken))
                {
                    batch.Add(record);
                    if (batch.Count == options.BatchSize)
                    {
                        await batches.Writer.WriteAsync(batch, cancellationToken);
                        batch = new List<SourceRecord>(options.BatchSize);
                    }
                }

                if (batch.Count > 0) await batches.Writer.WriteAsync(batch, cancellationToken);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        }, CancellationToken.None);
        return batches.Reader;
    }

    /// <summary>
    /// Up to <see cref="PublishOptions.BatchesInFlight"/> batches publish while the oldest waits for its confirms. Confirmed
    /// batches are saved <see cref="PublishOptions.BatchesPerSave"/> at a time, in order, with the run's checkpoint after
    /// them, on a task of their own while the next batches publish. A crash re-publishes at most the batches then in flight
    /// or not yet saved, under the same ids.
    /// </summary>
    async Task<HarvestRun> ImportBatchesAsync(HarvestRun run, string path, SnapshotFormat format, List<RunError> errors, StrongBox<HarvestRun> saved,
        CancellationToken cancellationToken)
    {
        // The reader stops with the run: one that failed would otherwise leave it waiting on a full channel, the file open.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = ReadBatches(path, format, run.Name, reading.Token);
        var inFlight = new Queue<(List<SourceRecord> Records, PendingBatch Models)>(options.BatchesInFlight);
        var confirmed = new List<PendingBatch>(options.BatchesPerSave);
        var saving = (Task: Task.CompletedTask, Batches: (IReadOnlyList<PendingBatch>)[]);
        try
        {
            await foreach (var batch in batches.ReadAllAsync(cancellationToken))
            {
                inFlight.Enqueue((batch, await models.StartAsync(batch.Where(r => r.Model is not null).Select(r => r.Model!).ToList(), cancellationToken)));
                if (inFlight.Count == options.BatchesInFlight)
                {
                    run = await ConfirmOldestAsync(run, inFlight, confirmed, errors, cancellationToken);
                }

                if (confirmed.Count == options.BatchesPerSave)
                {
                    saving = await SaveAsync(saving, confirmed, run, saved, cancellationToken);
                    confirmed = new List<PendingBatch>(options.BatchesPerSave);
                }
            }

            while (inFlight.Count > 0)
            {
                run = await ConfirmOldestAsync(run, inFlight, confirmed, errors, cancellationToken);
            }

            saving = await SaveAsync(saving, confirmed, run, saved, cancellationToken);
            confirmed = [];
            await saving.Task;
            saving = (Task.CompletedTask, []);
            return run;
        }
        finally
        {
            await reading.CancelAsync();
            await saving.Task.ContinueWith(_ => { }, TaskScheduler.Default); // a failed save already failed the run
            foreach (var pending in saving.Batches.Concat(confirmed).Concat(inFlight.Select(b => b.Models)))
            {
                await models.AbandonAsync(pending);
            }
        }
    }

    /// <summary>
    /// Waits for the previous save, then starts saving <paramref name="batches"/> and the run as it stands after them on a
    /// thread-pool thread, so the import goes on publishing while SQLite commits (and now and then checkpoints its WAL).
    /// </summary>
    async Task<(Task Task, IReadOnlyList<PendingBatch> Batches)> SaveAsync((Task Task, IReadOnlyList<PendingBatch> Batches) previous,
        List<PendingBatch> batches, HarvestRun checkpoint, StrongBox<HarvestRun> saved, CancellationToken cancellationToken)
    {
        await previous.Task;
        if (batches.Count == 0) return (Task.CompletedTask, []);
        return (Task.Run(async () =>
        {
            await models.SaveAsync(batches, cancellationToken);
            await store.SaveRunAsync(checkpoint, cancellationToken);
            saved.Value = checkpoint;
        }, CancellationToken.None), batches);
    }

    async Task<HarvestRun> ConfirmOldestAsync(HarvestRun run, Queue<(List<SourceRecord> Records, PendingBatch Models)> inFlight, List<PendingBatch> confirmed,
        List<RunError> errors, CancellationToken cancellationToken)
    {
        var (records, pending) = inFlight.Peek();
        run = await ConfirmBatchAsync(run, records, pending, errors, cancellationToken);
        inFlight.Dequeue();
        confirmed.Add(pending);
        return run;
    }

    /// <summary>Quarantines the batch's bad records, waits for its confirms, publishes its benchmark results, and counts it in the run.</summary>
    async Task<HarvestRun> ConfirmBatchAsync(HarvestRun run, List<SourceRecord> batch, PendingBatch pending, List<RunError> errors, CancellationToken cancellationToken)
    {
        var quarantine = new List<QuarantinedRecord>();
        foreach (var record in batch)
        {
            if (record.Rejection is { } reason)
            {
                logger.LogWarning("Run {RunId} line {Line} ({ModelId}) rejected: {Reason}", run.Id, record.Number, record.ModelId, reason);
                quarantine.Add(Quarantine.Entry(run, $"line {record.Number} of {run.Name}", record.ModelId, reason, record.Raw, clock.GetUtcNow()));
                if (errors.Count < MaxListedErrors)
                {
                    errors.Add(new RunError(record.Number, reason));
                }
            }

            foreach (var warning in record.Model?.Warnings ?? [])
            {
                logger.LogWarning("Run {RunId} line {Line} ({ModelId}): {Warning}", run.Id, record.Number, record.ModelId, warning);
            }
        }

        await store.QuarantineAsync(quarantine, cancellationToken);
        var outcome = await models.ConfirmAsync(pending);
        var benchmarkCount = await benchmarks.WriteAsync(batch.Select(r => r.Benchmark?.Benchmark).OfType<OpenAccess.Contracts.BenchmarkUpdated>(), cancellationToken);
        Models.Add(outcome.Published, new KeyValuePair<string, object?>("outcome", "published"));
        Models.Add(outcome.Unchanged, new KeyValuePair<string, object?>("outcome", "unchanged"));
        Models.Add(quarantine.Count, new KeyValuePair<string, object?>("outcome", "rejected"));
        return run with
        {
            Lines = batch[^1].Number,
            ModelsSeen = run.ModelsSeen + batch.Count(r => r.Model is not null),
            Published = run.Published + outcome.Published,
            New = run.New + outcome.New,
            Changed = run.Changed + outcome.Changed,
            Unchanged = run.Unchanged + outcome.Unchanged,
            BenchmarksPublished = run.BenchmarksPublished + benchmarkCount,
            Rejected = run.Rejected + quarantine.Count,
            Errors = errors.ToArray(),
        };
    }
}
