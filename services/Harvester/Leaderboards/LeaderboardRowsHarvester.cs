using System.Globalization;
using System.Text.Json;
using OpenAccess.Harvester.Hub;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Leaderboards;

/// <summary>
/// Reads the v2 leaderboard table (<c>open-llm-leaderboard/contents</c>) through the datasets-server rows API,
/// 100 rows a page, publishing <c>BenchmarkUpdated</c> and checkpointing the next offset after each page.
/// </summary>
public sealed class LeaderboardRowsHarvester(
    HubClient client, IHarvestStore store, BenchmarkBatchWriter writer, HubOptions options, TimeProvider clock, ILogger<LeaderboardRowsHarvester> logger)
{
    public const string Dataset = "open-llm-leaderboard/contents";
    public const int PageLength = 100;

    public string PageUrl(int offset) => new Uri(options.DatasetsServerAddress,
        $"rows?dataset={Uri.EscapeDataString(Dataset)}&config=default&split=train&offset={offset}&length={PageLength}").ToString();

    public async Task<HarvestRun> RunAsync(HarvestRun run, Action<HarvestRun>? progress, CancellationToken cancellationToken)
    {
        var counters = new RequestCounters(run.Requests, run.RateLimitWaits, run.RateLimitWaitedSeconds);
        RequestCounters.Current = counters;
        var offset = int.TryParse(run.Checkpoint, NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : 0;
        var started = clock.GetTimestamp();
        var seenAtStart = run.Lines;
        run = run with { Status = HarvestRun.Running, Checkpoint = offset.ToString(CultureInfo.InvariantCulture) };
        await store.SaveRunAsync(run, cancellationToken);
        try
        {
            while (true)
            {
                var url = PageUrl(offset);
                using var page = await client.GetJsonAsync(url, cancellationToken);
                var root = page.Body.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
                {
                    throw new HubRequestException(url, "expected an object with 'rows'");
                }

                int? total = root.TryGetProperty("num_rows_total", out var t) && t.TryGetInt32(out var n) ? n : run.ExpectedTotal;
                var records = rows.EnumerateArray().Select(r => (Index: r.TryGetProperty("row_idx", out var i) && i.TryGetInt32(out var x) ? x : -1, Record: V2RowMapper.Map(ToRow(r)))).ToList();
                var quarantine = records.Where(r => r.Record.Rejection is not null)
                    .Select(r => Quarantine.Entry(run, $"{Dataset} row {r.Index}", r.Record.ModelId, r.Record.Rejection!, "", clock.GetUtcNow())).ToList();
                foreach (var q in quarantine) logger.LogWarning("Run {RunId}: {Location} ({ModelId}) quarantined: {Reason}", run.Id, q.Location, q.ModelId, q.Reason);
                await store.QuarantineAsync(quarantine, cancellationToken);
                var published = await writer.WriteAsync(records.Select(r => r.Record.Benchmark).OfType<OpenAccess.Contracts.BenchmarkUpdated>(), run.Id, cancellationToken);

                offset += records.Count;
                var done = records.Count == 0 || (total is { } all && offset >= all);
                var elapsed = clock.GetElapsedTime(started).TotalSeconds;
                var rate = elapsed > 0 ? (offset - seenAtStart) / elapsed : (double?)null;
                run = run with
                {
                    Pages = run.Pages + 1, Lines = offset, ExpectedTotal = total, BenchmarksPublished = run.BenchmarksPublished + published,
                    Rejected = run.Rejected + quarantine.Count, Checkpoint = done ? null : offset.ToString(CultureInfo.InvariantCulture),
                    Requests = counters.Requests, RateLimitWaits = counters.RateLimitWaits, RateLimitWaitedSeconds = counters.WaitedSeconds,
                    RecordsPerSecond = rate, EtaSeconds = total is { } tt && rate > 0 ? Math.Max(0, tt - offset) / rate : null,
                };
                await store.SaveRunAsync(run, cancellationToken);
                progress?.Invoke(run);
                if (done) break;
            }

            run = run with { Status = HarvestRun.Completed, FinishedAt = clock.GetUtcNow(), EtaSeconds = 0 };
        }
        catch (HubRequestException e)
        {
            logger.LogError("Leaderboard run {RunId} failed: {Reason} at {Url}", run.Id, e.Reason, e.Url);
            run = run with { Status = HarvestRun.Failed, Failure = e.Message, FinishedAt = clock.GetUtcNow(), Failures = [.. run.Failures, new RequestFailure(e.Url, e.Reason)] };
        }
        finally
        {
            RequestCounters.Current = null;
        }

        await store.SaveRunAsync(run, CancellationToken.None);
        return run;
    }

    /// <summary>A datasets-server row as the CSV export would show it.</summary>
    static CsvRow ToRow(JsonElement item)
    {
        var row = item.TryGetProperty("row", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        if (row.ValueKind != JsonValueKind.Object) return new CsvRow(new Dictionary<string, int>(), []);
        var properties = row.EnumerateObject().ToList();
        var columns = properties.Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var values = properties.Select(p => p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Number => p.Value.GetRawText(),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            _ => null,
        }).ToList();
        return new CsvRow(columns, values);
    }
}
