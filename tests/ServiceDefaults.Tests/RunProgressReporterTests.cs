using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Messaging.Progress;

namespace OpenAccess.ServiceDefaults.Tests;

/// <summary>
/// A progress report whose confirm never comes, as one in flight when the broker drops the connection (docs/faults.md): it gives up
/// after <see cref="RunProgressOptions.PublishTimeoutSeconds"/>, keeps the count, and the next interval sends it. Before, the
/// reporter waited for good and no run's progress was reported again.
/// </summary>
public sealed class RunProgressReporterTests
{
    [Fact]
    public async Task A_report_never_confirmed_is_given_up_after_the_timeout_and_sent_at_a_later_interval()
    {
        var ct = TestContext.Current.CancellationToken;
        var received = new ConcurrentQueue<HarvestRunProgress>();
        var bus = Bus.Factory.CreateUsingInMemory(cfg => cfg.ReceiveEndpoint("progress-subscriber", e => e.Handler<HarvestRunProgress>(c =>
        {
            received.Enqueue(c.Message);
            return Task.CompletedTask;
        })));
        await bus.StartAsync(ct);
        try
        {
            var lost = new LostConfirms();
            using var observer = bus.ConnectPublishObserver(lost);
            var options = new RunProgressOptions { ReportIntervalMilliseconds = 50, PublishTimeoutSeconds = 1 };
            var counter = new RunProgressCounter(options, TimeProvider.System);
            using var reporter = new RunProgressReporter(counter, bus, options, NullLogger<RunProgressReporter>.Instance);
            counter.Stored("run-a", "lineage-models-discovered", nameof(ModelsDiscovered), Guid.NewGuid());

            await reporter.StartAsync(ct);
            await WaitFor(() => lost.GivenUp >= 1, "a held report given up at its timeout", ct);
            Assert.Empty(received);

            lost.Stop();
            await WaitFor(() => !received.IsEmpty, "the report sent at a later interval", ct);
            var report = Assert.Single(received);
            Assert.Equal(("run-a", 1L), (report.RunId, report.Stored));
            await reporter.StopAsync(ct);
        }
        finally
        {
            await bus.StopAsync(ct);
        }
    }

    static async Task WaitFor(Func<bool> condition, string what, CancellationToken ct)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); !condition(); await Task.Delay(20, ct))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within 20 s: {what}");
        }
    }

    /// <summary>Holds every progress publish until its caller gives up, as a publish whose confirm was lost with its connection.</summary>
    sealed class LostConfirms : IPublishObserver
    {
        int givenUp;
        volatile bool stopped;

        public int GivenUp => Volatile.Read(ref givenUp);

        public void Stop() => stopped = true;

        public async Task PrePublish<T>(PublishContext<T> context) where T : class
        {
            if (stopped || context.Message is not HarvestRunProgress) return;
            try
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }
            finally
            {
                Interlocked.Increment(ref givenUp);
            }
        }

        public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
