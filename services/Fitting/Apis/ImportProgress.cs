using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Fitting.Extensions;
using OpenAccess.Fitting.Storage;

namespace OpenAccess.Fitting.Apis;

/// <summary>
/// How far the first start's import has got, asked of the Harvester's query API (<see cref="FittingOptions.HarvestRunsUrl"/>),
/// for the answers that are 404 only because the data is still arriving: the newest run started at start-up
/// (<c>trigger: startup</c>) that imports models (not one of the bundled leaderboard tables) while it runs, while a consumer has not stored all of its events, and for
/// <see cref="FittingOptions.FirstStartWindow"/> after the last one has (Lineage then publishes the families' series, and they
/// are fitted as they arrive). Null once that is over, or when the Harvester cannot be asked: the answer is then the plain 404.
/// </summary>
public sealed class ImportProgress(IHttpClientFactory clients, FittingOptions options, FittingStore store, TimeProvider time, ILogger<ImportProgress> logger)
{
    public const string ClientName = "fitting-harvest-runs";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<FirstStartProgress?> DescribeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.HarvestRunsUrl)) return null;
        // A path means "this host": the Standalone host serves the Harvester's API beside this one.
        // (On Linux "/api/…" parses as an absolute file: URI, so the path is told by its first character.)
        var url = new Uri(options.HarvestRunsUrl.StartsWith('/')
            ? $"{request.Scheme}://{request.Host}{options.HarvestRunsUrl}?limit=20"
            : $"{options.HarvestRunsUrl}?limit=20");
        List<RunView>? runs;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.HarvestRunsTimeout);
            runs = await clients.CreateClient(ClientName).GetFromJsonAsync<List<RunView>>(url, Json, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or NotSupportedException)
        {
            if (cancellationToken.IsCancellationRequested) throw;
            logger.LogDebug(e, "Could not ask {Url} how far the first start's import has got", url);
            return null;
        }

        // The bundled leaderboard tables are imported at start-up too, after the Hub snapshot: a run that published
        // leaderboard rows and no model is not the one whose models are fitted.
        if (runs?.FirstOrDefault(r => r.Trigger == "startup" && (r.Published > 0 || r.BenchmarksPublished == 0)) is not { } run) return null;
        var models = run.Consumers.Where(c => c.MessageType == "ModelDiscovered").ToList();
        var ended = run.Status is not ("queued" or "running");
        var waiting = models.Where(c => c.CaughtUpAt is null).ToList();
        var caughtUpAt = ended && models.Count > 0 && waiting.Count == 0 ? models.Max(c => c.CaughtUpAt) : null;
        if (ended && run.Status != "completed" && models.Count == 0) return null;
        if (caughtUpAt is { } at && time.GetUtcNow() - at > options.FirstStartWindow) return null;

        var stored = string.Join(", ", models.Select(c => $"{c.Name} {Count(c.Stored)} of {Count(c.Published)}"));
        var summary = !ended
            ? $"The first start's import ({run.Name}, run {run.Id}) is still {run.Status}: {Count(run.Published)} models published so far"
              + (stored.Length > 0 ? $"; stored: {stored}." : ", none stored yet.")
            : caughtUpAt is null
                ? $"The first start's import ({run.Name}, run {run.Id}) published {Count(run.Published)} models and is still being stored: "
                  + (stored.Length > 0 ? $"{stored}." : "no consumer has reported yet.")
                : $"The first start's import ({run.Name}, run {run.Id}) was stored by every consumer at {caughtUpAt:yyyy-MM-dd'T'HH:mm:ss'Z'}; "
                  + $"the families' series are being published and fitted ({Count(await store.Fits.CountAsync(cancellationToken))} fitted so far).";
        return new FirstStartProgress(run.Id, run.Name, run.Status, run.Published, caughtUpAt,
            [.. models.Select(c => new FirstStartConsumer(c.Name, c.Stored, c.Published, c.CaughtUpAt))],
            $"{summary} Try again shortly, or wait as the README shows.");
    }

    static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    sealed record RunView(string Id, string Name, string Status, int Published, int BenchmarksPublished, string? Trigger, IReadOnlyList<ConsumerView> Consumers);

    sealed record ConsumerView(string Name, string MessageType, long Stored, long Published, DateTimeOffset? CaughtUpAt);
}

/// <summary>The first start's import as a 404 describes it (the ProblemDetails' <c>firstStart</c>).</summary>
public sealed record FirstStartProgress(
    string RunId, string Name, string Status, int Published, DateTimeOffset? CaughtUpAt, IReadOnlyList<FirstStartConsumer> Consumers, string Summary);

/// <summary>One consumer of the import's models: how many it stored of those published, and when it caught up.</summary>
public sealed record FirstStartConsumer(string Name, long Stored, long Published, DateTimeOffset? CaughtUpAt);
