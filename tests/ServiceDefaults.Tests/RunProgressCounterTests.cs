using OpenAccess.ServiceDefaults.Messaging.Progress;

namespace OpenAccess.ServiceDefaults.Tests;

/// <summary>What a consumer process reports of a harvest run: each message once, only when its count changed.</summary>
public sealed class RunProgressCounterTests
{
    const string Queue = "lineage-model-discovered";

    sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_redelivered_message_counts_once_and_each_run_and_queue_is_reported_apart()
    {
        var counter = new RunProgressCounter(new RunProgressOptions(), new Clock());
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();

        foreach (var id in ids.Concat(ids.Take(3))) counter.Stored("run-a", Queue, "ModelDiscovered", id);
        counter.Stored("run-a", "evaluator-model-discovered", "ModelDiscovered", ids[0]);
        counter.Stored("run-b", Queue, "ModelDiscovered", ids[0]);

        var reports = counter.TakeChanged().OrderBy(r => (r.RunId, r.Consumer)).Select(r => (r.RunId, r.Consumer, r.Stored, r.Instance)).ToList();
        Assert.Equal([("run-a", "evaluator-model-discovered", 1L, counter.Instance), ("run-a", Queue, 5L, counter.Instance), ("run-b", Queue, 1L, counter.Instance)], reports);
    }

    [Fact]
    public void A_count_is_reported_again_only_once_it_changed_and_a_report_not_sent_is_sent_next_time()
    {
        var clock = new Clock();
        var counter = new RunProgressCounter(new RunProgressOptions(), clock);
        counter.Stored("run-a", Queue, "ModelDiscovered", Guid.NewGuid());
        var first = Assert.Single(counter.TakeChanged());

        Assert.Empty(counter.TakeChanged());
        counter.Untake(first);
        Assert.Equal(1, Assert.Single(counter.TakeChanged()).Stored);

        clock.Now = clock.Now.AddSeconds(3);
        counter.Stored("run-a", Queue, "ModelDiscovered", Guid.NewGuid());
        var second = Assert.Single(counter.TakeChanged());
        Assert.Equal((2L, clock.Now), (second.Stored, second.LastStoredAt));
    }

    [Fact]
    public void Beyond_the_window_an_old_message_id_counts_again_and_an_idle_run_is_forgotten_once_reported()
    {
        var clock = new Clock();
        var counter = new RunProgressCounter(new RunProgressOptions { RecentMessageWindow = 2, ForgetAfterSeconds = 60 }, clock);
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var id in new[] { a, b, b, c, a }) counter.Stored("run-a", Queue, "ModelDiscovered", id);
        Assert.Equal(4, Assert.Single(counter.TakeChanged()).Stored); // b again is within the window of 2, a again is not

        clock.Now = clock.Now.AddSeconds(61);
        Assert.Empty(counter.TakeChanged()); // forgotten: a later event of the run starts a new count
        counter.Stored("run-a", Queue, "ModelDiscovered", a);
        Assert.Equal(1, Assert.Single(counter.TakeChanged()).Stored);
    }

    [Theory]
    [InlineData("ReportIntervalMilliseconds", "5")]
    [InlineData("RecentMessageWindow", "-1")]
    [InlineData("ForgetAfterSeconds", "0")]
    [InlineData("PublishTimeoutSeconds", "0")]
    public void A_bad_setting_fails_with_its_key(string key, string value)
    {
        var options = new RunProgressOptions();
        typeof(RunProgressOptions).GetProperty(key)!.SetValue(options, int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"OpenAccess:Bus:Progress:{key}", Assert.Throws<InvalidOperationException>(options.Validate).Message);
    }

    [Fact]
    public void A_bad_queue_depth_interval_fails_with_its_key() =>
        Assert.Contains("OpenAccess:Bus:QueueDepth:IntervalSeconds", Assert.Throws<InvalidOperationException>(new QueueDepthOptions { IntervalSeconds = -1 }.Validate).Message);
}
