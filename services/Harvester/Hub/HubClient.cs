using System.Net;
using System.Text.Json;

namespace OpenAccess.Harvester.Hub;

/// <summary>One JSON answer of the Hub and the URL of the next page when the listing has one.</summary>
public sealed record HubResponse(JsonDocument Body, string? Next) : IDisposable
{
    public void Dispose() => Body.Dispose();
}

/// <summary>A file the Hub served: the status, and the body when it was a success no larger than asked.</summary>
public sealed record HubFile(HttpStatusCode Status, byte[]? Body, bool TooLarge);

/// <summary>
/// Calls the Hub's JSON API. 5xx and timeouts are retried by the resilience handler under it; here a 429
/// is waited out as the Hub says (and counted), and a body that is not valid JSON (cut short) is fetched again
/// before the request is given up with its URL.
/// </summary>
public sealed class HubClient(HttpClient http, HubOptions options, RateLimitPacers pacers, TimeProvider clock, ILogger<HubClient> logger)
{
    public const string HttpClientName = "hub";

    /// <summary>The first listing page; an incremental run asks for the most recently modified first.</summary>
    public string FirstPageUrl(Storage.RunOptions? run)
    {
        var query = new List<string> { $"limit={options.PageSize}" };
        if (run?.Incremental == true) query.AddRange(["sort=lastModified", "direction=-1"]);
        if (!string.IsNullOrWhiteSpace(run?.Author)) query.Add($"author={Uri.EscapeDataString(run.Author)}");
        if (!string.IsNullOrWhiteSpace(run?.Search)) query.Add($"search={Uri.EscapeDataString(run.Search)}");
        if (!string.IsNullOrWhiteSpace(run?.Filter)) query.Add($"filter={Uri.EscapeDataString(run.Filter)}");
        query.AddRange(options.Expand.Select(e => $"expand%5B%5D={Uri.EscapeDataString(e)}"));
        return new Uri(options.BaseAddress, "api/models?" + string.Join('&', query)).ToString();
    }

    public string ModelUrl(string id) => new Uri(options.BaseAddress, $"api/models/{id}").ToString();

    /// <summary>A repository's file at a revision, as the Hub's resolver serves it (<c>{repo}/resolve/{revision}/{file}</c>).</summary>
    public string FileUrl(string id, string revision, string file) =>
        new Uri(options.BaseAddress, $"{id}/resolve/{Uri.EscapeDataString(revision)}/{file}").ToString();

    /// <summary>
    /// A file of a repository: a 429 is waited out as for the API; any other answer comes back as it is, the body read only
    /// on success and only up to <paramref name="maxBytes"/> (<see cref="HubFile.TooLarge"/> past it, nothing more read).
    /// </summary>
    /// <exception cref="HubRequestException">No answer after every retry, or still rate-limited.</exception>
    public async Task<HubFile> GetFileAsync(string url, long maxBytes, CancellationToken cancellationToken)
    {
        if (!IsConfiguredAddress(url))
        {
            throw new HubRequestException(url, $"not under the configured Hub address ({HubOptions.Section}:BaseAddress); not fetched");
        }

        using var response = await SendPastRateLimitsAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode) return new HubFile(response.StatusCode, null, TooLarge: false);
        if (response.Content.Headers.ContentLength > maxBytes) return new HubFile(response.StatusCode, null, TooLarge: true);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes) return new HubFile(response.StatusCode, null, TooLarge: true);
                buffer.Write(chunk, 0, read);
            }

            return new HubFile(response.StatusCode, buffer.ToArray(), TooLarge: false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new HubRequestException(url, $"the body was cut off: {e.Message}", e);
        }
    }

    /// <summary>The first answer that is not a 429: each 429 is waited out, at most <see cref="HubOptions.MaxRateLimitWaits"/> times.</summary>
    /// <exception cref="HubRequestException">Still rate-limited after those waits.</exception>
    async Task<HttpResponseMessage> SendPastRateLimitsAsync(string url, CancellationToken cancellationToken)
    {
        for (var waits = 0; ; waits++)
        {
            var response = await SendAsync(url, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests) return response;
            using (response)
            {
                if (waits == options.MaxRateLimitWaits)
                {
                    throw new HubRequestException(url, $"still rate-limited (429) after {options.MaxRateLimitWaits} waits");
                }

                await WaitOutAsync(response, url, cancellationToken);
            }
        }
    }

    public async Task<HubResponse> GetJsonAsync(string url, CancellationToken cancellationToken)
    {
        // A page's "next" link and a resumed checkpoint come from outside; followed anywhere, they would send the
        // token there and make the harvester fetch whatever they name.
        if (!IsConfiguredAddress(url))
        {
            throw new HubRequestException(url, $"not under the configured Hub or datasets-server address ({HubOptions.Section}:BaseAddress, DatasetsServerAddress); not fetched");
        }

        var badBodies = 0;
        while (true)
        {
            using var response = await SendPastRateLimitsAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HubRequestException(url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            try
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return new HubResponse(JsonDocument.Parse(bytes), LinkHeader.Next(response.Headers.TryGetValues("Link", out var links) ? links : []));
            }
            catch (Exception e) when (e is JsonException or IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                if (++badBodies > options.InvalidBodyRetries)
                {
                    throw new HubRequestException(url, $"invalid JSON body after {badBodies} tries: {e.Message}", e);
                }

                logger.LogWarning("Invalid body from {Url} ({Error}); fetching again", url, e.Message);
            }
        }
    }

    bool IsConfiguredAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && new[] { options.BaseAddress, options.DatasetsServerAddress }.Any(allowed =>
            Uri.Compare(uri, allowed, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0);

    async Task<HttpResponseMessage> SendAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                   && !cancellationToken.IsCancellationRequested)
        {
            throw new HubRequestException(url, $"request failed after retries: {e.Message}", e);
        }
    }

    async Task WaitOutAsync(HttpResponseMessage response, string url, CancellationToken cancellationToken)
    {
        var asked = RateLimitState.RetryAfter(response.Headers, clock.GetUtcNow()) ?? options.DefaultRateLimitWait;
        var wait = asked < options.MaxRateLimitWait ? asked : options.MaxRateLimitWait;
        logger.LogWarning("Rate-limited (429) on {Url}; waiting {Seconds:F1} s as the Hub asked", url, wait.TotalSeconds);
        var pacer = pacers.For(new Uri(url));
        pacer.Block(wait);
        var started = clock.GetTimestamp();
        await pacer.WaitTurnAsync(cancellationToken);
        RequestCounters.Current?.CountRateLimitWait(clock.GetElapsedTime(started));
    }
}
