namespace OpenAccess.Harvester.Hub;

/// <summary>
/// Keeps requests inside the quota the Hub announces: spreads what is left of the window over the
/// time left, and waits for the reset when only the reserve is left. One per process, as the quota is per token or IP.
/// </summary>
public sealed class RateLimitPacer(HubOptions options, TimeProvider clock)
{
    readonly Lock gate = new();
    DateTimeOffset nextAllowed = DateTimeOffset.MinValue;

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (gate)
        {
            wait = nextAllowed - clock.GetUtcNow();
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(Min(wait, options.MaxRateLimitWait), clock, cancellationToken);
        }
    }

    public void Observe(RateLimitState state)
    {
        if (state is not { Remaining: { } remaining, Reset: { } reset })
        {
            return;
        }

        var usable = remaining - options.ReserveRequests;
        var spacing = usable <= 0 ? reset : reset / usable;
        lock (gate)
        {
            nextAllowed = clock.GetUtcNow() + Min(spacing, options.MaxRateLimitWait);
        }
    }

    /// <summary>After a 429 nothing more goes out until the wait is over.</summary>
    public void Block(TimeSpan wait)
    {
        lock (gate)
        {
            nextAllowed = clock.GetUtcNow() + wait;
        }
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
