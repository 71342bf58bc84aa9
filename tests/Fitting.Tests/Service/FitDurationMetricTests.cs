using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OpenAccess.Fitting.Refitting;
using OpenAccess.Fitting.Tests.Fixtures;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>The refit path reports how long each family took, in seconds, by the status it ended in.</summary>
public sealed class FitDurationMetricTests : IAsyncLifetime
{
    readonly InMemoryFittingFactory factory = new(InMemoryFittingFactory.FixedM);
    readonly MeterListener listener = new();
    readonly ConcurrentQueue<(double Seconds, string? Unit, string? Status)> measurements = new();
    BusProbe probe = null!;

    public async ValueTask InitializeAsync()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FittingMetrics.MeterName && instrument.Name == FittingMetrics.FitDurationName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            string? status = null;
            foreach (var tag in tags)
                if (tag.Key == "status")
                    status = tag.Value as string;
            measurements.Enqueue((value, instrument.Unit, status));
        });
        listener.Start();
        factory.CreateClient().Dispose();
        probe = await BusProbe.AttachAsync(factory.Bus);
    }

    public async ValueTask DisposeAsync()
    {
        listener.Dispose();
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task Each_refit_records_its_duration_in_seconds_tagged_with_the_status()
    {
        await factory.Bus.Publish(SeriesEvents.From(RealSeries.Families.Single(f => f.FamilyId == "microsoft/phi-2")));
        await factory.Bus.Publish(SeriesEvents.Counts("someone/too-short", 1, 1, 2, 3));
        await probe.PublishedAsync(2);

        var recorded = measurements.ToList();
        Assert.All(recorded, m => Assert.Equal("s", m.Unit));
        Assert.All(recorded, m => Assert.InRange(m.Seconds, 0, 60));
        Assert.Contains(recorded, m => m.Status == "fitted" && m.Seconds > 0);
        Assert.Contains(recorded, m => m.Status == "not-enough-data");
    }
}
