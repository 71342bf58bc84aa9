namespace OpenAccess.ServiceDefaults.Messaging.Progress;

/// <summary>Bound from <c>OpenAccess:Bus:Progress</c>: how consumers count and report what they stored of each harvest run.</summary>
public sealed class RunProgressOptions
{
    public const string Section = "OpenAccess:Bus:Progress";

    /// <summary>
    /// Least time between two reports of one run and queue, in milliseconds: 1,000 by default, so a run of 2,000,000 models
    /// adds one report a second per consumer to the broker, and its page is at most a second behind.
    /// </summary>
    public int ReportIntervalMilliseconds { get; set; } = 1000;

    /// <summary>
    /// Message ids a process remembers per run and queue, so a redelivered message is not counted twice: 32,768 by default
    /// (about 1.3 MB a run being consumed), more than the harvester publishes again after a crash (batches in flight and
    /// not yet saved, 24 × 500 by default) and than a broker restart redelivers (the prefetch).
    /// </summary>
    public int RecentMessageWindow { get; set; } = 32_768;

    /// <summary>
    /// Seconds after its last stored event that a run's count is dropped from a consumer's memory, once reported: 600 by
    /// default. An event of it arriving later starts a count that cannot lower the one reported (the harvester keeps the highest).
    /// </summary>
    public int ForgetAfterSeconds { get; set; } = 600;

    /// <summary>
    /// Seconds a report waits for the broker's confirm: 10 by default. A publish caught by a dropped connection can wait for a
    /// confirm that never comes (docs/faults.md); timed out, the report is kept and sent again at the next interval.
    /// </summary>
    public int PublishTimeoutSeconds { get; set; } = 10;

    public TimeSpan ReportInterval => TimeSpan.FromMilliseconds(ReportIntervalMilliseconds);

    public TimeSpan ForgetAfter => TimeSpan.FromSeconds(ForgetAfterSeconds);

    public TimeSpan PublishTimeout => TimeSpan.FromSeconds(PublishTimeoutSeconds);

    public void Validate()
    {
        if (ReportIntervalMilliseconds is < 10 or > 3_600_000)
            throw new InvalidOperationException($"{Section}:ReportIntervalMilliseconds must be between 10 and 3600000 (got {ReportIntervalMilliseconds}).");
        if (RecentMessageWindow is < 0 or > 10_000_000)
            throw new InvalidOperationException($"{Section}:RecentMessageWindow must be between 0 and 10000000 (got {RecentMessageWindow}).");
        if (ForgetAfterSeconds < 1)
            throw new InvalidOperationException($"{Section}:ForgetAfterSeconds must be positive (got {ForgetAfterSeconds}).");
        if (PublishTimeoutSeconds is < 1 or > 3600)
            throw new InvalidOperationException($"{Section}:PublishTimeoutSeconds must be between 1 and 3600 (got {PublishTimeoutSeconds}).");
    }
}
