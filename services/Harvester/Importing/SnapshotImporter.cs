using System.Diagnostics;
using System.Security.Cryptography;
using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Harvester.Importing;

/// <summary>
/// Imports a snapshot file: maps each line, publishes <see cref="ModelDiscovered"/> for models that are
/// new or changed, and checkpoints fingerprints and progress after every batch. A model is marked
/// as published only after its publish was confirmed, so a crash re-publishes at most one batch,
/// under the same deterministic message ids.
/// </summary>
public sealed class SnapshotImporter(IHarvestStore store, IBus bus, ILogger<SnapshotImporter> logger)
{
    public const int BatchSize = 500;
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
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            var batch = new List<SnapshotLine>(BatchSize);
            await foreach (var line in SnapshotReader.ReadAsync(file, cancellationToken))
            {
                batch.Add(line);
                if (batch.Count == BatchSize)
                {
                    run = await ImportBatchAsync(run, batch, errors, cancellationToken);
                    batch.Clear();
                }
            }

            run = await ImportBatchAsync(run, batch, errors, cancellationToken);
            run = run with { Status = HarvestRun.Completed, FinishedAt = DateTimeOffset.UtcNow };
            logger.LogInformation("Run {RunId} ({Name}) completed: {Lines} lines, {Published} published, {Unchanged} unchanged, {Rejected} rejected",
                run.Id, run.Name, run.Lines, run.Published, run.Unchanged, run.Rejected);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run = run with { Status = HarvestRun.Failed, Failure = "cancelled", FinishedAt = DateTimeOffset.UtcNow };
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            logger.LogError(e, "Run {RunId} ({Name}) failed reading the file", run.Id, run.Name);
            run = run with { Status = HarvestRun.Failed, Failure = $"unreadable file: {e.Message}", FinishedAt = DateTimeOffset.UtcNow };
        }

        await store.SaveRunAsync(run, CancellationToken.None);
        return run;
    }

    async Task<HarvestRun> ImportBatchAsync(HarvestRun run, List<SnapshotLine> batch, List<RunError> errors, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return run;
        }

        var latest = new Dictionary<string, ModelDiscovered>(StringComparer.Ordinal);
        var rejected = 0;
        foreach (var line in batch)
        {
            if (line.Result.Model is { } model)
            {
                latest[model.Id] = model;
                foreach (var warning in line.Result.Warnings)
                {
                    logger.LogWarning("Run {RunId} line {Line} ({ModelId}): {Warning}", run.Id, line.Number, model.Id, warning);
                }
            }
            else
            {
                rejected++;
                logger.LogWarning("Run {RunId} line {Line} rejected: {Reason}", run.Id, line.Number, line.Result.Error);
                if (errors.Count < MaxListedErrors)
                {
                    errors.Add(new RunError(line.Number, line.Result.Error!));
                }
            }
        }

        var known = await store.GetFingerprintsAsync(latest.Keys, cancellationToken);
        var changed = new Dictionary<string, string>(StringComparer.Ordinal);
        var publishes = new List<Task>();
        foreach (var model in latest.Values)
        {
            var fingerprint = ModelFingerprint.Of(model);
            if (known.TryGetValue(model.Id, out var previous) && previous == fingerprint)
            {
                continue;
            }

            changed[model.Id] = fingerprint;
            var messageId = MessageIds.From(nameof(ModelDiscovered), model.Id, fingerprint);
            publishes.Add(bus.Publish(model, context => context.MessageId = messageId, cancellationToken));
        }

        await Task.WhenAll(publishes);
        await store.SaveFingerprintsAsync(changed, cancellationToken);
        Models.Add(changed.Count, new KeyValuePair<string, object?>("outcome", "published"));
        Models.Add(latest.Count - changed.Count, new KeyValuePair<string, object?>("outcome", "unchanged"));
        Models.Add(rejected, new KeyValuePair<string, object?>("outcome", "rejected"));
        run = run with
        {
            Lines = batch[^1].Number,
            Published = run.Published + changed.Count,
            Unchanged = run.Unchanged + latest.Count - changed.Count,
            Rejected = run.Rejected + rejected,
            Errors = errors.ToArray(),
        };
        await store.SaveRunAsync(run, cancellationToken);
        return run;
    }
}
