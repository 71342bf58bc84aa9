namespace OpenAccess.Fitting.Refitting;

/// <summary>Progress of the last refit-all (by the admin action or the scheduled m estimation).</summary>
/// <param name="State"><c>idle</c> (none since start), <c>estimating-m</c>, <c>refitting</c>, <c>completed</c> or <c>failed</c>.</param>
/// <param name="Trigger"><c>request</c> (POST /refit-all) or <c>schedule</c> (the periodic m estimation).</param>
/// <param name="StartedAt">When the run started (UTC).</param>
/// <param name="FinishedAt">When it completed or failed; null while running.</param>
/// <param name="Families">Stored families to refit; 0 while m is being estimated or when a scheduled run found m unchanged.</param>
/// <param name="Refitted">Families refitted so far.</param>
/// <param name="Changed">Of those, families whose fit changed (and was published).</param>
/// <param name="M">The m the families are refitted with; null until it is known.</param>
/// <param name="MSource">How that m was obtained (see <c>GET /m</c>).</param>
/// <param name="Failure">Why the run failed; null otherwise.</param>
public sealed record RefitAllStatus(
    string State, string? Trigger, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    int Families, int Refitted, int Changed, double? M, string? MSource, string? Failure)
{
    public static RefitAllStatus Idle { get; } = new("idle", null, null, null, 0, 0, 0, null, null, null);

    public bool IsRunning => State is "estimating-m" or "refitting";
}
