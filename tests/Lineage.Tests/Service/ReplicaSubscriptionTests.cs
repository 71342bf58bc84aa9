using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using OpenAccess.Lineage.Replicas;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>
/// A reader loads its graph only once its queue is bound, and stops (to be restarted and load again) when it was away from
/// its queue long enough for the queue to have expired and lost notices meanwhile.
/// </summary>
public sealed class ReplicaSubscriptionTests
{
    static readonly ReplicaOptions Options = new ReplicaOptions { Mode = ReplicaMode.Reader, Instance = "pod-0", QueueExpiry = TimeSpan.FromMinutes(10) }.Resolve(null);
    static readonly Uri Mine = new("rabbitmq://localhost/openaccess/lineage-replica-pod-0");
    static readonly Uri Other = new("rabbitmq://localhost/openaccess/lineage-replica-pod-1");

    readonly ManualClock clock = new();
    readonly Lifetime lifetime = new();

    ReplicaSubscription Subscription() => new(Options, lifetime, clock, NullLogger<ReplicaSubscription>.Instance);

    [Fact]
    public async Task Start_up_waits_for_the_reader_s_own_queue_to_be_bound()
    {
        var subscription = Subscription();
        var start = subscription.StartAsync(TestContext.Current.CancellationToken);

        await subscription.Ready(new Event(Other));
        Assert.False(start.IsCompleted, "start-up went on when another replica's queue was bound");

        await subscription.Ready(new Event(Mine));
        await start.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(30, true)]
    public async Task A_reader_away_from_its_queue_for_half_its_expiry_stops(int minutesAway, bool stops)
    {
        var subscription = Subscription();
        await subscription.Ready(new Event(Mine));

        await subscription.Faulted(new Event(Mine));
        clock.Now += TimeSpan.FromMinutes(minutesAway);
        await subscription.Ready(new Event(Mine));

        Assert.Equal(stops, lifetime.StopRequested);
    }

    [Fact]
    public async Task Another_replica_s_queue_coming_and_going_changes_nothing()
    {
        var subscription = Subscription();
        await subscription.Ready(new Event(Mine));

        await subscription.Faulted(new Event(Other));
        clock.Now += TimeSpan.FromHours(1);
        await subscription.Ready(new Event(Mine));

        Assert.False(lifetime.StopRequested);
    }

    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    sealed class Lifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => StopRequested = true;
    }

    sealed class Event(Uri inputAddress) : ReceiveEndpointReady, ReceiveEndpointFaulted
    {
        public Uri InputAddress => inputAddress;
        public IReceiveEndpoint ReceiveEndpoint => null!;
        public bool IsStarted => true;
        public Exception Exception => new InvalidOperationException("connection lost");
    }
}
