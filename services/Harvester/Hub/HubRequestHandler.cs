namespace OpenAccess.Harvester.Hub;

/// <summary>Innermost handler: every request that really goes out (retries too) waits its turn, is counted, and its RateLimit headers are read.</summary>
public sealed class HubRequestHandler(RateLimitPacer pacer) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(cancellationToken);
        RequestCounters.Current?.CountRequest();
        var response = await base.SendAsync(request, cancellationToken);
        pacer.Observe(RateLimitState.From(response.Headers));
        return response;
    }
}
