using OpenAccess.Lineage.Graph;

namespace OpenAccess.Lineage.Tests.Inference;

/// <summary>When recovery of undeclared parents runs: once the graph holds still, and at most MaxDelay apart while it keeps changing.</summary>
public sealed class RecoveryScheduleTests
{
    static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_change_is_recovered_at_the_first_tick_after_which_nothing_arrived()
    {
        var schedule = new RecoverySchedule(TimeSpan.FromMinutes(10));

        Assert.False(schedule.Due(graphVersion: 5, recoveredVersion: 5, Start)); // nothing new since the last run
        Assert.False(schedule.Due(6, 5, Start + Tick)); // a model arrived during this interval: wait for the next
        Assert.True(schedule.Due(6, 5, Start + 2 * Tick)); // nothing since: run
        Assert.False(schedule.Due(6, 6, Start + 3 * Tick)); // recovered
    }

    [Fact]
    public void A_graph_that_keeps_changing_is_recovered_once_its_first_change_is_max_delay_old()
    {
        var schedule = new RecoverySchedule(TimeSpan.FromMinutes(10));
        schedule.Due(0, 0, Start);

        var runs = new List<int>();
        for (var minute = 1; minute <= 35; minute++)
        {
            // A backlog: the graph is at another version at every tick; a run recovers the version it saw.
            if (schedule.Due(minute, runs.Count == 0 ? 0 : runs[^1], Start + minute * Tick)) runs.Add(minute);
        }

        Assert.Equal([10, 20, 30], runs); // changes since minute 0: run at 10; since that run, the next at 20; …
    }

    [Fact]
    public void A_delay_of_one_interval_runs_at_every_tick_in_which_the_graph_changed()
    {
        var schedule = new RecoverySchedule(Tick);
        schedule.Due(0, 0, Start);

        Assert.True(schedule.Due(1, 0, Start + Tick));
        Assert.True(schedule.Due(2, 1, Start + 2 * Tick));
        Assert.False(schedule.Due(2, 2, Start + 3 * Tick));
        Assert.True(schedule.Due(3, 2, Start + 4 * Tick));
    }
}
