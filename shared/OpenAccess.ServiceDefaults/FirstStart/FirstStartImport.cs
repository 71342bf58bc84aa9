using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenAccess.ServiceDefaults.FirstStart;

/// <summary>Where the Harvester's runs are and how long after the first import a 404 still describes it; each service binds them from its own section.</summary>
/// <param name="HarvestRunsUrl">The Harvester's <c>GET /runs</c>: a path on this host (the Standalone host), an http(s) URL, or empty for none.</param>
/// <param name="Timeout">How long a 404 waits for the Harvester's answer before it goes without.</param>
/// <param name="Window">How long after every consumer stored the import a 404 still describes it.</param>
public sealed record FirstStartSettings(string? HarvestRunsUrl, TimeSpan Timeout, TimeSpan Window);

/// <summary>
/// How far the first start's import has got, asked of the Harvester's query API, for the answers that are 404 only because
/// the data is still arriving: the newest run started at start-up (<c>trigger: startup</c>) that imports models (not one of the
/// bundled leaderboard tables) while it runs, while a consumer has not stored all of its events, and for
/// <see cref="FirstStartSettings.Window"/> after the last one has, when the service says what it still does then. Null once that
/// is over, or when the Harvester cannot be asked: the answer is then the plain 404. Used by Lineage and Fitting.
/// </summary>
public sealed class FirstStartImport(IHttpClientFactory clients, TimeProvider time, ILogger<FirstStartImport> logger)
{
    public const string ClientName = "first-start-harvest-runs";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="request">The request being answered: a path in <see cref="FirstStartSettings.HarvestRunsUrl"/> is on its host.</param>
    /// <param name="settings">The service's settings.</param>
    /// <param name="afterStored">What the service still does once every consumer stored the import (Fitting: fitting the series);
    /// null when nothing, so the answer is the plain 404 from then on.</param>
    /// <param name="cancellationToken">The request's.</param>
    public async Task<FirstStartProgress?> DescribeAsync(HttpRequest request, FirstStartSettings settings,
        Func<CancellationToken, Task<string>>? afterStored, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.HarvestRunsUrl)) return null;
        // A path means "this host": the Standalone host serves the Harvester's API beside this one.
        // (On Linux "/api/…" parses as an absolute file: URI, so the path is told by its first character.)
        var url = new Uri(settings.HarvestRunsUrl.StartsWith('/')
            ? $"{request.Scheme}://{request.Host}{settings.HarvestRunsUrl}?limit=20"
            : $"{settings.HarvestRunsUrl}?limit=20");
        List<RunView>? runs;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            runs = await clients.CreateClient(ClientName).GetFromJsonAsync<List<RunView>>(url, Json, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or NotSupportedException)
        {
            if (cancellationToken.IsCancellationRequested) throw;
            logger.LogDebug(e, "Could not ask {Url} how far the first start's import has got", url);
            return null;
        }

        // The bundled leaderboard tables are imported at start-up too, after the Hub snapshot: a run that published
        // leaderboard rows and no model is not the one whose models are looked for.
        if (runs?.FirstOrDefault(r => r.Trigger == "startup" && (r.Published > 0 || r.BenchmarksPublished == 0)) is not { } run) return null;
        var models = run.Consumers.Where(c => c.MessageType == "ModelDiscovered").ToList();
        var ended = run.Status is not ("queued" or "running");
        var waiting = models.Where(c => c.CaughtUpAt is null).ToList();
        var caughtUpAt = ended && models.Count > 0 && waiting.Count == 0 ? models.Max(c => c.CaughtUpAt) : null;
        if (ended && run.Status != "completed" && models.Count == 0) return null;
        if (caughtUpAt is { } at && (afterStored is null || time.GetUtcNow() - at > settings.Window)) return null;

        var stored = string.Join(", ", models.Select(c => $"{c.Name} {Count(c.Stored)} of {Count(c.Published)}"));
        var summary = !ended
            ? $"The first start's import ({run.Name}, run {run.Id}) is still {run.Status}: {Count(run.Published)} models published so far"
              + (stored.Length > 0 ? $"; stored: {stored}." : ", none stored yet.")
            : caughtUpAt is null
                ? $"The first start's import ({run.Name}, run {run.Id}) published {Count(run.Published)} models and is still being stored: "
                  + (stored.Length > 0 ? $"{stored}." : "no consumer has reported yet.")
                : $"The first start's import ({run.Name}, run {run.Id}) was stored by every consumer at {caughtUpAt:yyyy-MM-dd'T'HH:mm:ss'Z'}; "
                  + $"{await afterStored!(cancellationToken)}.";
        return new FirstStartProgress(run.Id, run.Name, run.Status, run.Published, caughtUpAt,
            [.. models.Select(c => new FirstStartConsumer(c.Name, c.Stored, c.Published, c.CaughtUpAt))],
            $"{summary} Try again shortly, or wait as the README shows.");
    }

    /// <summary>A 404 ProblemDetails, saying so (title, detail and <c>firstStart</c>) when the first start's data is still arriving.</summary>
    public static IResult NotFound(string detail, string title, FirstStartProgress? progress) =>
        progress is null
            ? Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: title)
            : Results.Problem($"{detail} {progress.Summary}", statusCode: StatusCodes.Status404NotFound,
                title: $"{title} yet: the first start's data is still arriving", extensions: new Dictionary<string, object?> { ["firstStart"] = progress });

    static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    sealed record RunView(string Id, string Name, string Status, int Published, int BenchmarksPublished, string? Trigger, IReadOnlyList<ConsumerView> Consumers);

    sealed record ConsumerView(string Name, string MessageType, long Stored, long Published, DateTimeOffset? CaughtUpAt);
}

/// <summary>The first start's import as a 404 describes it (the ProblemDetails' <c>firstStart</c>).</summary>
public sealed record FirstStartProgress(
    string RunId, string Name, string Status, int Published, DateTimeOffset? CaughtUpAt, IReadOnlyList<FirstStartConsumer> Consumers, string Summary);

/// <summary>One consumer of the import's models: how many it stored of those published, and when it caught up.</summary>
public sealed record FirstStartConsumer(string Name, long Stored, long Published, DateTimeOffset? CaughtUpAt);

public static class FirstStartImportExtensions
{
    /// <summary>Registers <see cref="FirstStartImport"/> once, whichever services of a host ask for it.</summary>
    public static IHostApplicationBuilder AddFirstStartImport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(FirstStartImport.ClientName);
        builder.Services.TryAddSingleton<FirstStartImport>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
