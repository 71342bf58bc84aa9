namespace OpenAccess.Harvester.Storage;

/// <summary>One import or harvest run, with its progress; saved after every batch so progress survives a crash.</summary>
public sealed record HarvestRun
{
    public required string Id { get; init; }
    public required string Source { get; init; }
    public required string Name { get; init; }
    /// <summary>SHA-256 of the imported file, hex; null for content that was not a file.</summary>
    public string? ContentSha256 { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required string Status { get; init; }
    /// <summary>Lines read so far (including blank and bad ones).</summary>
    public int Lines { get; init; }
    /// <summary>Models published: new, or changed since last seen.</summary>
    public int Published { get; init; }
    /// <summary>Models skipped because they were already published at the same fingerprint.</summary>
    public int Unchanged { get; init; }
    /// <summary>Records refused (bad JSON, missing id…); each is listed in <see cref="Errors"/> up to a cap.</summary>
    public int Rejected { get; init; }
    public IReadOnlyList<RunError> Errors { get; init; } = [];
    /// <summary>Why the run failed as a whole; null unless <see cref="Status"/> is <c>failed</c>.</summary>
    public string? Failure { get; init; }

    public const string Queued = "queued", Running = "running", Completed = "completed", Failed = "failed";
}

/// <summary>A record the run refused: where it was and why.</summary>
public sealed record RunError(int Line, string Reason);
