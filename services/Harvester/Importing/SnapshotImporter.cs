using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Importing;

/// <summary>
/// Imports a file in any supported layout (told by its content): publishes <c>ModelDiscovered</c> for models
/// that are new or changed and <c>BenchmarkUpdated</c> for leaderboard rows, quarantines bad records, and
/// checkpoints progress after every save of confirmed batches. A run given with a checkpoint (<see cref="HarvestRun.Lines"/>)
/// resumes after it.
/// </summary>
public sealed class SnapshotImporter(
    IHarvestStore store, ModelBatchWriter models, BenchmarkBatchWriter benchmarks, PublishOptions options, ImportLimits limits, TimeProvider clock,
    ILogger<SnapshotImporter> logger)
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
        if (run.Lines > 0) logger.LogInformation("Run {RunId} ({Name}): resuming after line {Line}", run.Id, run.Name, run.Lines);
        run = run with { Status = HarvestRun.Running, Failure = null };
        await store.SaveRunAsync(run, cancellationToken);
        var errors = new List<RunError>(run.Errors);
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
            // Only the host stopping cancels an import: it goes on from its checkpoint at the next start.
            run = saved.Value! with { Status = HarvestRun.Interrupted };
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // The sender's file, not a fault of the harvester: the reason is the whole story.
            logger.LogWarning("Run {RunId} ({Name}) failed: unreadable file: {Reason}", run.Id, run.Name, e.Message);
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
    ChannelReader<List<SourceRecord>> ReadBatches(string path, SnapshotFormat format, HarvestRun run, CancellationToken cancellationToken)
    {
        var batches = Channel.CreateBounded<List<SourceRecord>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var records = limits.ForRecordsAt(clock.GetUtcNow());
        _ = Task.Run(async () =>
        {
            try
            {
                var batch = new List<SourceRecord>(options.BatchSize);
                long bytes = 0;
                await foreach (var record in SnapshotFileReader.ReadAsync(path, format, run.Name, limits, records, cancellationToken))
                {
                    if (record.Number <= run.Lines) continue; // saved before the run was interrupted
                    batch.Add(record);
                    bytes += record.Model?.Utf8.Length ?? 0;
                    if (batch.Count == options.BatchSize || bytes >= limits.MaxBatchBytes)
                    {
                        await batches.Writer.WriteAsync(batch, cancellationToken);
                        batch = new List<SourceRecord>(options.BatchSize);
                        bytes = 0;
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

    /// <summary>Confirmed batches waiting to be saved together, and the records of theirs quarantined.</summary>
    sealed class SaveGroup
    {
        public List<PendingBatch> Batches { get; } = [];
        public List<QuarantinedRecord> Quarantined { get; } = [];

        /// <summary>A batch published benchmark results (whose fingerprints are saved as they are confirmed): the checkpoint follows at once.</summary>
        public bool SaveNow { get; set; }
    }

    /// <summary>
    /// Up to <see cref="PublishOptions.BatchesInFlight"/> batches publish while the oldest waits for its confirms. Confirmed
    /// batches are saved <see cref="PublishOptions.BatchesPerSave"/> at a time, in order, with the run's checkpoint after
    /// them, on a thread-pool task while the next batches publish, one save at a time. A crash re-publishes at most the
    /// batches then in flight or not yet saved, under the same ids.
    /// </summary>
    async Task<HarvestRun> ImportBatchesAsync(HarvestRun run, string path, SnapshotFormat format, List<RunError> errors, StrongBox<HarvestRun> saved,
        CancellationToken cancellationToken)
    {
        // The reader stops with the run: one that failed would otherwise leave it waiting on a full channel, the file open.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = ReadBatches(path, format, run, reading.Token);
        var inFlight = new Queue<(BatchTally Tally, PendingBatch Models)>(options.BatchesInFlight);
        var group = new SaveGroup();
        var saving = Task.CompletedTask;
        try
        {
            await foreach (var batch in batches.ReadAllAsync(cancellationToken))
            {
                // A failed save fails the run now, not a whole group later. Not awaited: nothing in this loop may await before the
                // batch has started, or the batch's records would be kept (as a field of this method) until the next one.
                if (saving.IsFaulted) saving.GetAwaiter().GetResult();
                inFlight.Enqueue((Tally(run, batch), await models.StartAsync(batch.Where(r => r.Model is not null).Select(r => r.Model!).ToList(), run.Id, cancellationToken)));
                if (inFlight.Count == options.BatchesInFlight)
                {
                    run = await ConfirmOldestAsync(run, inFlight, group, errors, cancellationToken);
                }

                if (group.SaveNow || group.Batches.Count == options.BatchesPerSave)
                {
                    (saving, group) = (await StartSaveAsync(saving, group, run, saved), new SaveGroup());
                }
            }

            while (inFlight.Count > 0)
            {
                run = await ConfirmOldestAsync(run, inFlight, group, errors, cancellationToken);
            }

            (saving, group) = (await StartSaveAsync(saving, group, run, saved), new SaveGroup());
            await saving;
            return run;
        }
        finally
        {
            await reading.CancelAsync();
            try
            {
                await saving;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Run {RunId} ({Name}): saving confirmed batches failed; importing the file again publishes them again", run.Id, run.Name);
            }

            foreach (var pending in group.Batches.Concat(inFlight.Select(b => b.Models)))
            {
                await models.AbandonAsync(pending);
            }
        }
    }

    /// <summary>
    /// Waits for the previous save, then saves <paramref name="group"/> and the run as it stands after it on a thread-pool
    /// task, so the import goes on publishing while SQLite commits (and now and then checkpoints its WAL). Once started, a save
    /// is not cancelled: the store and the checkpoint stay in step.
    /// </summary>
    async Task<Task> StartSaveAsync(Task previous, SaveGroup group, HarvestRun checkpoint, StrongBox<HarvestRun> saved)
    {
        await previous;
        if (group.Batches.Count == 0 && group.Quarantined.Count == 0) return Task.CompletedTask;
        return Task.Run(async () =>
        {
            await store.QuarantineAsync(group.Quarantined, CancellationToken.None);
            await models.SaveAsync(group.Batches, CancellationToken.None);
            await store.SaveRunAsync(checkpoint, CancellationToken.None);
            saved.Value = checkpoint;
        }, CancellationToken.None);
    }

    async Task<HarvestRun> ConfirmOldestAsync(HarvestRun run, Queue<(BatchTally Tally, PendingBatch Models)> inFlight, SaveGroup group,
        List<RunError> errors, CancellationToken cancellationToken)
    {
        var (tally, pending) = inFlight.Peek();
        run = await ConfirmBatchAsync(run, tally, pending, group, errors, cancellationToken);
        inFlight.Dequeue();
        group.Batches.Add(pending);
        return run;
    }

    /// <summary>
    /// What the run needs of a batch once its models are confirmed. Taken as the batch starts, so the parsed records are
    /// garbage while it is in flight: kept, each collection of the garbage collector copied them (docs/harvester.md).
    /// </summary>
    sealed record BatchTally(int LastLine, int ModelsSeen, List<QuarantinedRecord> Quarantined, List<RunError> Errors, List<BenchmarkUpdated> Benchmarks);

    /// <summary>Logs the batch's bad records and warnings and tallies it.</summary>
    BatchTally Tally(HarvestRun run, List<SourceRecord> batch)
    {
        List<QuarantinedRecord> quarantined = [];
        List<RunError> errors = [];
        List<BenchmarkUpdated> benchmarks = [];
        var seen = 0;
        foreach (var record in batch)
        {
            if (record.Rejection is { } reason)
            {
                logger.LogWarning("Run {RunId} line {Line} ({ModelId}) rejected: {Reason}", run.Id, record.Number, record.ModelId, reason);
                quarantined.Add(Quarantine.Entry(run, $"line {record.Number} of {run.Name}", record.ModelId, reason, record.Raw, clock.GetUtcNow(), limits.MaxQuarantinedRawLength));
                errors.Add(new RunError(record.Number, reason));
            }

            if (record.Model is { } model)
            {
                seen++;
                foreach (var warning in model.Warnings)
                {
                    logger.LogWarning("Run {RunId} line {Line} ({ModelId}): {Warning}", run.Id, record.Number, record.ModelId, warning);
                }
            }

            if (record.Benchmark?.Benchmark is { } benchmark) benchmarks.Add(benchmark);
        }

        return new BatchTally(batch[^1].Number, seen, quarantined, errors, benchmarks);
    }

    /// <summary>Waits for the batch's confirms, publishes its benchmark results, puts its bad records in the group's quarantine, and counts it in the run.</summary>
    async Task<HarvestRun> ConfirmBatchAsync(HarvestRun run, BatchTally tally, PendingBatch pending, SaveGroup group, List<RunError> errors,
        CancellationToken cancellationToken)
    {
        group.Quarantined.AddRange(tally.Quarantined);
        errors.AddRange(tally.Errors.Take(MaxListedErrors - errors.Count));
        var outcome = await models.ConfirmAsync(pending);
        var benchmarkCount = await benchmarks.WriteAsync(tally.Benchmarks, run.Id, cancellationToken);
        group.SaveNow |= benchmarkCount > 0;
        Models.Add(outcome.Published, new KeyValuePair<string, object?>("outcome", "published"));
        Models.Add(outcome.Unchanged, new KeyValuePair<string, object?>("outcome", "unchanged"));
        Models.Add(tally.Quarantined.Count, new KeyValuePair<string, object?>("outcome", "rejected"));
        return run with
        {
            Lines = tally.LastLine,
            ModelsSeen = run.ModelsSeen + tally.ModelsSeen,
            Published = run.Published + outcome.Published,
            New = run.New + outcome.New,
            Changed = run.Changed + outcome.Changed,
            Unchanged = run.Unchanged + outcome.Unchanged,
            BenchmarksPublished = run.BenchmarksPublished + benchmarkCount,
            Rejected = run.Rejected + tally.Quarantined.Count,
            Errors = errors.ToArray(),
        };
    }
}
