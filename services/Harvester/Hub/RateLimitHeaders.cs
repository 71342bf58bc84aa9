using System.Globalization;
using System.Net.Http.Headers;

namespace OpenAccess.Harvester.Hub;

/// <summary>
/// The IETF draft RateLimit fields the Hub sends (<c>RateLimit: "api";r=94;t=53</c>,
/// <c>RateLimit-Policy: "fixed window";"api";q=1000;w=300</c>) and <c>Retry-After</c>.
/// </summary>
public sealed record RateLimitState(int? Remaining, TimeSpan? Reset, int? Quota, TimeSpan? Window)
{
    public static RateLimitState From(HttpResponseHeaders headers)
    {
        int? remaining = null, quota = null;
        TimeSpan? reset = null, window = null;
        if (headers.TryGetValues("RateLimit", out var limit))
        {
            foreach (var (key, value) in Parameters(limit))
            {
                if (key == "r") remaining = value;
                if (key == "t") reset = TimeSpan.FromSeconds(value);
            }
        }

        if (headers.TryGetValues("RateLimit-Policy", out var policy))
        {
            foreach (var (key, value) in Parameters(policy))
            {
                if (key == "q") quota = value;
                if (key == "w") window = TimeSpan.FromSeconds(value);
            }
        }

        return new RateLimitState(remaining, reset, quota, window);
    }

    /// <summary>How long a 429 asks to wait: <c>Retry-After</c>, else the RateLimit reset, else null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is { } retry)
        {
            if (retry.Delta is { } delta) return delta;
            if (retry.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        }

        return From(headers).Reset;
    }

    static IEnumerable<(string Key, int Value)> Parameters(IEnumerable<string> values)
    {
        foreach (var part in values.SelectMany(v => v.Split([';', ','], StringSplitOptions.TrimEntries)))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && int.TryParse(part[(eq + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0)
            {
                yield return (part[..eq], n);
            }
        }
    }
}
