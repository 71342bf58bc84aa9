using Cronos;
using OpenAccess.Harvester.Storage;

namespace OpenAccess.Harvester.Runs;

/// <summary>
/// Bound from <c>OpenAccess:Harvester:Schedule</c>: when the harvester starts a run of a source by itself. Each value is a
/// 5-field cron expression (minute, hour, day of month, month, day of week) in UTC; empty, the default, is off.
/// </summary>
public sealed class ScheduleOptions
{
    public const string Section = "OpenAccess:Harvester:Schedule";

    /// <summary>An incremental Hub run (sorted by last modification, stopping at pages of models already seen), e.g. <c>0 */6 * * *</c>.</summary>
    public string? Hub { get; set; }

    /// <summary>A run of the v2 leaderboard through the datasets-server rows API; unchanged results are not published again.</summary>
    public string? LeaderboardV2 { get; set; }

    /// <summary>Named so that setting it fails start-up with the reason, rather than being ignored: the v1 leaderboard is read from files only.</summary>
    public string? LeaderboardV1 { get; set; }

    /// <summary>The sources to run on a schedule, each with its expression parsed.</summary>
    /// <exception cref="InvalidOperationException">An expression that is not a 5-field cron expression, naming its key.</exception>
    public IReadOnlyList<ScheduledSource> Validate()
    {
        if (!string.IsNullOrWhiteSpace(LeaderboardV1))
        {
            throw new InvalidOperationException(
                $"{Section}:LeaderboardV1 cannot be scheduled: the v1 leaderboard is closed and read only from a file (POST /runs with source " +
                $"'{RunManager.LeaderboardV1}' and options.path, once). Leave it empty; {Section}:LeaderboardV2 schedules the leaderboard that is fetched.");
        }

        var sources = new List<ScheduledSource>();
        if (Parse(nameof(Hub), Hub) is { } hub)
        {
            sources.Add(new ScheduledSource(RunManager.Hub, $"{Section}:{nameof(Hub)}", Hub!.Trim(), hub, new RunOptions { Incremental = true }));
        }

        if (Parse(nameof(LeaderboardV2), LeaderboardV2) is { } leaderboard)
        {
            sources.Add(new ScheduledSource(RunManager.LeaderboardV2, $"{Section}:{nameof(LeaderboardV2)}", LeaderboardV2!.Trim(), leaderboard, new RunOptions()));
        }

        return sources;
    }

    static CronExpression? Parse(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        try
        {
            // Standard: exactly 5 fields, no seconds; Cronos refuses a sixth field, a value out of range and an unknown name.
            return CronExpression.Parse(value.Trim(), CronFormat.Standard);
        }
        catch (Exception e) when (e is CronFormatException or MissingSeedException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"{Section}:{name} must be a 5-field cron expression in UTC (minute hour day-of-month month day-of-week, e.g. '0 */6 * * *'), or empty for none; got '{value}': {e.Message}", e);
        }
    }
}

/// <summary>A source the harvester runs by itself, when its cron expression (UTC; <paramref name="Cron"/> as configured) says, with the options of those runs.</summary>
public sealed record ScheduledSource(string Source, string Key, string Cron, CronExpression Expression, RunOptions Options)
{
    /// <summary>The first tick strictly after <paramref name="after"/>; null when the expression never comes again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        Expression.GetNextOccurrence(after.UtcDateTime, inclusive: false) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>The last tick at or before <paramref name="atOrBefore"/>; null when there is none.</summary>
    public DateTimeOffset? LastAtOrBefore(DateTimeOffset atOrBefore) =>
        Expression.GetPreviousOccurrence(atOrBefore.UtcDateTime, inclusive: true) is { } last ? new DateTimeOffset(last, TimeSpan.Zero) : null;

    /// <summary>
    /// The id of the run of the tick: the same in every harvester and after every restart, so a tick is claimed once
    /// (<see cref="Storage.IHarvestStore.AddRunAsync"/>) however many replicas see it.
    /// </summary>
    public string RunId(DateTimeOffset tick) => $"{tick.UtcDateTime:yyyyMMddHHmmss}-schedule-{Source}";
}
