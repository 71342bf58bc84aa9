namespace OpenAccess.Harvester.Hub;

/// <summary>
/// Requests and rate-limit waits of one run. Set as <see cref="Current"/> around a run's calls so the
/// HTTP handler, which the client factory shares between runs, counts each run's own requests.
/// </summary>
public sealed class RequestCounters(int requests = 0, int rateLimitWaits = 0, double waitedSeconds = 0)
{
    static readonly AsyncLocal<RequestCounters?> current = new();
    int requests = requests, rateLimitWaits = rateLimitWaits;
    long waitedTicks = TimeSpan.FromSeconds(waitedSeconds).Ticks;

    public static RequestCounters? Current { get => current.Value; set => current.Value = value; }

    public int Requests => Volatile.Read(ref requests);
    public int RateLimitWaits => Volatile.Read(ref rateLimitWaits);
    public double WaitedSeconds => TimeSpan.FromTicks(Interlocked.Read(ref waitedTicks)).TotalSeconds;

    public void CountRequest() => Interlocked.Increment(ref requests);

    public void CountRateLimitWait(TimeSpan waited)
    {
        Interlocked.Increment(ref rateLimitWaits);
        Interlocked.Add(ref waitedTicks, waited.Ticks);
    }
}
