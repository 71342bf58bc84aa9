namespace OpenAccess.Harvester.Hub;

/// <summary>
/// The Hub counts its API calls and its file downloads (<c>/resolve/</c>, the "resolvers" bucket: 3,000 against 500 API calls
/// per 5 minutes anonymously) in quotas of their own, and says so in each answer's <c>RateLimit</c> header; each bucket is
/// paced on its own, so fetching config files neither spends nor is held back by the API's quota.
/// </summary>
public sealed class RateLimitPacers(RateLimitPacer api, HubOptions options, TimeProvider clock)
{
    public RateLimitPacer Api { get; } = api;
    public RateLimitPacer Resolvers { get; } = new(options, clock);

    public RateLimitPacer For(Uri? url) => url is not null && url.AbsolutePath.Contains("/resolve/", StringComparison.Ordinal) ? Resolvers : Api;
}
