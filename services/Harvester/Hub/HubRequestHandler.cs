namespace OpenAccess.Harvester.Hub;

/// <summary>Innermost handler: every request that really goes out (retries too) waits its bucket's turn, is counted, and its RateLimit headers are read.</summary>
public sealed class HubRequestHandler(RateLimitPacers pacers) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pacer = pacers.For(request.RequestUri);
        await pacer.WaitTurnAsync(cancellationToken);
        RequestCounters.Current?.CountRequest();
        var response = await base.SendAsync(request, cancellationToken);
        pacer.Observe(RateLimitState.From(response.Headers));
        return response;
    }
}
