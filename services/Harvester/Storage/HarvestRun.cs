namespace OpenAccess.Harvester.Storage;

/// <summary>One import or harvest run, with its progress; saved after every page, or every save of an import's batches, so progress survives a crash.</summary>
public sealed record HarvestRun
{
    public required string Id { get; init; }
    /// <summary><c>snapshot</c>, <c>hub</c>, <c>leaderboard-v1</c> or <c>leaderboard-v2</c>.</summary>
    public required string Source { get; init; }
    public required string Name { get; init; }
    /// <summary>SHA-256 of the imported file, hex; null for content that was not a file.</summary>
    public string? ContentSha256 { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required string Status { get; init; }
    /// <summary>What the run was asked to do.</summary>
    public RunOptions? Options { get; init; }
    /// <summary>Lines (snapshot) or rows read so far (including blank and bad ones).</summary>
    public int Lines { get; init; }
    /// <summary>Models published: new, or changed since last seen.</summary>
    public int Published { get; init; }
    /// <summary>Models skipped because they were already published at the same fingerprint.</summary>
    public int Unchanged { get; init; }
    /// <summary>Records refused (bad JSON, missing id…); each is listed in <see cref="Errors"/> up to a cap, and kept in the quarantine.</summary>
    public int Rejected { get; init; }
    public IReadOnlyList<RunError> Errors { get; init; } = [];
    /// <summary>Why the run failed as a whole; null unless <see cref="Status"/> is <c>failed</c>.</summary>
    public string? Failure { get; init; }

    /// <summary>Pages (Hub listing, leaderboard rows) processed and checkpointed.</summary>
    public int Pages { get; init; }
    /// <summary>Model records read (valid or not).</summary>
    public int ModelsSeen { get; init; }
    /// <summary>Of <see cref="Published"/>: models never published before.</summary>
    public int New { get; init; }
    /// <summary>Of <see cref="Published"/>: models published before at another fingerprint.</summary>
    public int Changed { get; init; }
    /// <summary><c>BenchmarkUpdated</c> events published.</summary>
    public int BenchmarksPublished { get; init; }
    /// <summary>HTTP requests sent (retries included).</summary>
    public int Requests { get; init; }
    /// <summary>429 answers waited out.</summary>
    public int RateLimitWaits { get; init; }
    /// <summary>Seconds spent waiting out 429 answers.</summary>
    public double RateLimitWaitedSeconds { get; init; }
    /// <summary>Where a resumed run goes on: the next page's URL (Hub) or row offset (leaderboard); null once finished.</summary>
    public string? Checkpoint { get; init; }
    /// <summary>Requests that failed after every retry, with their URL.</summary>
    public IReadOnlyList<RequestFailure> Failures { get; init; } = [];
    /// <summary>Records expected in all, when the source says (leaderboard rows); null when unknown.</summary>
    public int? ExpectedTotal { get; init; }
    /// <summary>Records per second over the run so far.</summary>
    public double? RecordsPerSecond { get; init; }
    /// <summary>Seconds still to go at the current rate; null when the total is unknown.</summary>
    public double? EtaSeconds { get; init; }
    /// <summary>True when an incremental run stopped at pages holding only models already seen.</summary>
    public bool StoppedEarly { get; init; }
    /// <summary>
    /// What started the run: <c>request</c> (the admin API), <c>schedule</c> (<c>OpenAccess:Harvester:Schedule</c>) or
    /// <c>startup</c> (the seed, <c>--import</c>); null for runs recorded before the field was.
    /// </summary>
    public string? Trigger { get; init; }
    /// <summary>
    /// How far each consumer of the run's events has got, from their reports (<see cref="Runs.RunConsumer"/>); filled when the
    /// run is read through the API, empty until a consumer has stored one of its events.
    /// </summary>
    public IReadOnlyList<Runs.RunConsumer> Consumers { get; init; } = [];

    public const string Queued = "queued", Running = "running", Completed = "completed", Failed = "failed",
        Cancelled = "cancelled", Interrupted = "interrupted";

    public const string ByRequest = "request", BySchedule = "schedule", AtStartup = "startup";
}

/// <summary>A record the run refused: where it was and why.</summary>
public sealed record RunError(int Line, string Reason);

/// <summary>A request that failed after every retry.</summary>
public sealed record RequestFailure(string Url, string Reason);

/// <summary>The body of <c>POST /runs</c> beside the source.</summary>
public sealed record RunOptions
{
    /// <summary>A file on the server (snapshot and leaderboard CSV/JSON imports).</summary>
    public string? Path { get; init; }
    /// <summary>Hub: stop once pages hold only models already seen at the same fingerprint (sorted by last modification, newest first).</summary>
    public bool Incremental { get; init; }
    /// <summary>Stop after this many pages.</summary>
    public int? MaxPages { get; init; }
    /// <summary>Hub listing filters, passed through.</summary>
    public string? Author { get; init; }
    public string? Search { get; init; }
    public string? Filter { get; init; }
}
