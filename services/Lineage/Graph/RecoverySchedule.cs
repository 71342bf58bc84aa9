namespace OpenAccess.Lineage.Graph;

/// <summary>
/// When <see cref="InferredParents"/> runs recovery, asked once an <see cref="InferenceSettings.Interval"/>: when the graph changed
/// since the last run and then held still for a whole interval (nothing arrived since the previous tick), or, while it keeps
/// changing (a backlog being consumed), once the first change not yet recovered may be <see cref="InferenceSettings.MaxDelay"/>
/// old (it came after the last tick that found the graph recovered). With MaxDelay equal to the interval it runs at every tick
/// in which the graph changed. Each run reads the whole graph (about 5 s of CPU a million models), so at one run an interval an import of two million
/// models would run it once a minute over a growing graph for as long as the import is consumed; this way it runs once per
/// MaxDelay during the import, and once at its end.
/// </summary>
public sealed class RecoverySchedule(TimeSpan maxDelay)
{
    long? versionAtLastTick;
    DateTimeOffset? lastTick;
    DateTimeOffset? changedAfter;

    /// <summary>At a tick: true when a run is due.</summary>
    /// <param name="graphVersion">The graph's version now.</param>
    /// <param name="recoveredVersion">The graph version the last run recovered from; null before the first.</param>
    /// <param name="now">The time of the tick.</param>
    public bool Due(long graphVersion, long? recoveredVersion, DateTimeOffset now)
    {
        var still = graphVersion == versionAtLastTick;
        var previousTick = lastTick ?? now;
        (versionAtLastTick, lastTick) = (graphVersion, now);
        if (graphVersion == recoveredVersion)
        {
            changedAfter = null;
            return false;
        }

        changedAfter ??= previousTick;
        if (!still && now - changedAfter < maxDelay) return false;
        changedAfter = null;
        return true;
    }
}
