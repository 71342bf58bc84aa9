using OpenAccess.Harvester.Runs;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Runs;

/// <summary><c>OpenAccess:Harvester:Schedule</c>: 5-field cron expressions in UTC, checked when the harvester starts.</summary>
public sealed class ScheduleOptionsTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-schedule-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("Hub", "0 */6 * *")] // four fields
    [InlineData("Hub", "0 0 */6 * * *")] // six: seconds are not taken
    [InlineData("LeaderboardV2", "61 * * * *")]
    [InlineData("LeaderboardV2", "0 3 * * Funday")]
    [InlineData("Hub", "every six hours")]
    public async Task A_bad_expression_fails_start_up_naming_the_key_and_the_value(string name, string expression)
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            HarvesterApp.StartAsync(folder, new Uri("http://127.0.0.1:9/"), ($"OpenAccess:Harvester:Schedule:{name}", expression)));

        Assert.Contains($"OpenAccess:Harvester:Schedule:{name} must be a 5-field cron expression", e.Message);
        Assert.Contains($"'{expression}'", e.Message);
    }

    [Fact]
    public async Task The_v1_leaderboard_cannot_be_scheduled_and_start_up_says_why()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            HarvesterApp.StartAsync(folder, new Uri("http://127.0.0.1:9/"), ("OpenAccess:Harvester:Schedule:LeaderboardV1", "0 3 * * *")));

        Assert.Contains("OpenAccess:Harvester:Schedule:LeaderboardV1 cannot be scheduled", e.Message);
        Assert.Contains("options.path", e.Message);
    }

    [Fact]
    public void Empty_is_off_and_the_default()
    {
        Assert.Empty(new ScheduleOptions().Validate());
        Assert.Empty(new ScheduleOptions { Hub = "", LeaderboardV2 = "  " }.Validate());
    }

    [Fact]
    public void Lists_ranges_steps_and_names_give_the_ticks_in_UTC_and_each_tick_its_own_run_id()
    {
        var sources = new ScheduleOptions { Hub = "0 */6 * * *", LeaderboardV2 = "15,45 1-5/2 * JAN-MAR MON-FRI" }.Validate();
        var hub = sources.Single(s => s.Source == RunManager.Hub);
        var leaderboard = sources.Single(s => s.Source == RunManager.LeaderboardV2);
        var monday = new DateTimeOffset(2026, 1, 5, 5, 50, 0, TimeSpan.Zero);

        Assert.True(hub.Options.Incremental);
        Assert.Equal("OpenAccess:Harvester:Schedule:Hub", hub.Key);
        Assert.Equal(monday.AddMinutes(10), hub.NextAfter(monday));
        Assert.Equal(monday.AddMinutes(10), hub.NextAfter(monday.AddMinutes(9).AddSeconds(59)));
        Assert.Equal(monday.AddHours(6).AddMinutes(10), hub.NextAfter(monday.AddMinutes(10))); // strictly after
        Assert.Equal(monday.AddMinutes(10), hub.LastAtOrBefore(monday.AddMinutes(10))); // at or before
        Assert.Equal(monday.AddMinutes(-5 * 60 - 50), hub.LastAtOrBefore(monday));
        // In another offset the same instant gives the same tick: the expression is read in UTC.
        Assert.Equal(monday.AddMinutes(10), hub.NextAfter(monday.ToOffset(TimeSpan.FromHours(9))));

        // 01:15, 01:45, 03:15, 03:45, 05:15, 05:45 on weekdays of January to March.
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 1, 15, 0, TimeSpan.Zero), leaderboard.NextAfter(monday));
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 5, 45, 0, TimeSpan.Zero), leaderboard.LastAtOrBefore(monday));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 5, 45, 0, TimeSpan.Zero), leaderboard.LastAtOrBefore(new DateTimeOffset(2026, 1, 5, 1, 0, 0, TimeSpan.Zero))); // past the weekend
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 1, 15, 0, TimeSpan.Zero), leaderboard.NextAfter(new DateTimeOffset(2026, 3, 31, 6, 0, 0, TimeSpan.Zero))); // past April to December

        Assert.Equal("20260105060000-schedule-hub", hub.RunId(monday.AddMinutes(10)));
        Assert.Equal("20260105060000-schedule-leaderboard-v2", leaderboard.RunId(monday.AddMinutes(10).ToOffset(TimeSpan.FromHours(-5))));
    }
}
