using System.Diagnostics;
using System.Text.Json;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Hub;

/// <summary>
/// Walks the Hub's model listing page by page, fetches the details a listing entry lacks, publishes new and
/// changed models, quarantines bad records, and checkpoints the next page's URL with the counts after each
/// page, so a run killed anywhere resumes where its last page ended.
/// </summary>
public sealed class HubHarvester(
    HubClient hub, IHarvestStore store, ModelBatchWriter writer, HubOptions options, ImportLimits limits, TimeProvider clock, ILogger<HubHarvester> logger)
{
    static readonly ActivitySource Source = new("OpenAccess.Harvester");

    /// <summary>A Hub outage during a full crawl could fail thousands of detail fetches; the run lists the first ones.</summary>
    public const int MaxListedFailures = 1000;

    /// <summary>Runs (or resumes, from <see cref="HarvestRun.Checkpoint"/>) until the last page, a failure or cancellation.</summary>
    public async Task<HarvestRun> RunAsync(HarvestRun run, Action<HarvestRun>? progress, CancellationToken cancellationToken)
    {
        using var activity = Source.StartActivity("harvest hub");
        activity?.SetTag("openaccess.run.id", run.Id);
        var counters = new RequestCounters(run.Requests, run.RateLimitWaits, run.RateLimitWaitedSeconds);
        RequestCounters.Current = counters;
        var url = run.Checkpoint ?? hub.FirstPageUrl(run.Options);
        var started = clock.GetTimestamp();
        var seenAtStart = run.ModelsSeen;
        var quietPages = 0;
        run = run with { Status = HarvestRun.Running, Checkpoint = url };
        await store.SaveRunAsync(run, cancellationToken);
        try
        {
            while (url is not null)
            {
                using var page = await hub.GetJsonAsync(url, cancellationToken);
                if (page.Body.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw new HubRequestException(url, $"expected a JSON array of models, found {page.Body.RootElement.ValueKind}");
                }

                var (outcome, seen, quarantined, detailFailures) = await ProcessPageAsync(run, url, page.Body.RootElement, cancellationToken);
                var elapsed = clock.GetElapsedTime(started).TotalSeconds;
                run = run with
                {
                    Pages = run.Pages + 1,
                    Checkpoint = page.Next,
                    ModelsSeen = run.ModelsSeen + seen,
                    New = run.New + outcome.New,
                    Changed = run.Changed + outcome.Changed,
                    Published = run.Published + outcome.Published,
                    Unchanged = run.Unchanged + outcome.Unchanged,
                    Rejected = run.Rejected + quarantined,
                    Failures = [.. run.Failures, .. detailFailures.Take(Math.Max(0, MaxListedFailures - run.Failures.Count))],
                    Requests = counters.Requests,
                    RateLimitWaits = counters.RateLimitWaits,
                    RateLimitWaitedSeconds = counters.WaitedSeconds,
                    RecordsPerSecond = elapsed > 0 ? (run.ModelsSeen + seen - seenAtStart) / elapsed : null,
                };

                quietPages = outcome.Published == 0 && seen > 0 ? quietPages + 1 : 0;
                if (run.Options?.Incremental == true && quietPages >= options.StopAfterUnchangedPages && page.Next is not null)
                {
                    run = run with { Checkpoint = null, StoppedEarly = true };
                }

                if (run.Options?.MaxPages is { } max && run.Pages >= max)
                {
                    run = run with { Checkpoint = null };
                }

                await store.SaveRunAsync(run, cancellationToken);
                progress?.Invoke(run);
                url = run.Checkpoint;
            }

            run = run with { Status = HarvestRun.Completed, FinishedAt = clock.GetUtcNow() };
            logger.LogInformation("Hub run {RunId} completed: {Pages} pages, {Seen} models, {New} new, {Changed} changed, {Quarantined} quarantined, {Requests} requests, {Waits} 429s waited",
                run.Id, run.Pages, run.ModelsSeen, run.New, run.Changed, run.Rejected, run.Requests, run.RateLimitWaits);
        }
        catch (HubRequestException e)
        {
            logger.LogError("Hub run {RunId} failed: {Reason} at {Url}", run.Id, e.Reason, e.Url);
            run = run with
            {
                Status = HarvestRun.Failed, Failure = e.Message, FinishedAt = clock.GetUtcNow(),
                Failures = [.. run.Failures, new RequestFailure(e.Url, e.Reason)],
                Requests = counters.Requests, RateLimitWaits = counters.RateLimitWaits, RateLimitWaitedSeconds = counters.WaitedSeconds,
            };
        }
        finally
        {
            RequestCounters.Current = null;
        }

        await store.SaveRunAsync(run, CancellationToken.None);
        return run;
    }

    /// <returns>Also the detail fetches that failed: their models went out as listed, and the run lists the URLs.</returns>
    async Task<(BatchOutcome Outcome, int Seen, int Quarantined, IReadOnlyList<RequestFailure> DetailFailures)> ProcessPageAsync(HarvestRun run, string url, JsonElement entries, CancellationToken cancellationToken)
    {
        var items = entries.EnumerateArray().ToArray();
        var records = new ModelRecord[items.Length];
        var failures = new List<RequestFailure>();
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Length),
            new ParallelOptions { MaxDegreeOfParallelism = options.DetailConcurrency, CancellationToken = cancellationToken },
            async (i, ct) => records[i] = await ReadEntryAsync(items[i], failures, ct));

        var quarantine = new List<QuarantinedRecord>();
        for (var i = 0; i < records.Length; i++)
        {
            if (records[i].Rejection is { } reason)
            {
                logger.LogWarning("Run {RunId}: record {Index} of {Url} ({ModelId}) quarantined: {Reason}", run.Id, i, url, records[i].ModelId, reason);
                quarantine.Add(Quarantine.Entry(run, $"{url} #{i}", records[i].ModelId, reason, records[i].Raw, clock.GetUtcNow(), limits.MaxQuarantinedRawLength));
            }
        }

        await store.QuarantineAsync(quarantine, cancellationToken);
        var outcome = await writer.WriteAsync(records, run.Id, cancellationToken);
        return (outcome, records.Length, quarantine.Count, failures.OrderBy(f => f.Url, StringComparer.Ordinal).ToList());
    }

    /// <summary>A listing entry with neither config nor safetensors is replaced by the model's own page, which has them.</summary>
    async Task<ModelRecord> ReadEntryAsync(JsonElement entry, List<RequestFailure> failures, CancellationToken cancellationToken)
    {
        var recordLimits = limits.ForRecordsAt(clock.GetUtcNow());
        var listed = ModelRecordReader.Read(entry, recordLimits);
        if (!options.FetchDetails || !listed.IsValid || entry.TryGetProperty("config", out _) || entry.TryGetProperty("safetensors", out _))
        {
            return listed;
        }

        try
        {
            using var detail = await hub.GetJsonAsync(hub.ModelUrl(listed.Model!.Id), cancellationToken);
            var detailed = ModelRecordReader.Read(detail.Body.RootElement, recordLimits);
            return detailed.IsValid ? detailed : listed;
        }
        catch (HubRequestException e)
        {
            logger.LogWarning("Details of {ModelId} not fetched ({Reason}); publishing the listing entry", listed.Model!.Id, e.Reason);
            lock (failures) failures.Add(new RequestFailure(e.Url, e.Reason));
            return listed;
        }
    }
}
