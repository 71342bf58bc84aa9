using OpenAccess.Testing;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>Each consumed event records how long it waited, tagged with its type and queue.</summary>
public sealed class ConsumeLagMetricTests : IAsyncLifetime
{
    readonly InMemoryLineageFactory factory = new();
    readonly ConcurrentQueue<(double Seconds, string? Type, string? Queue)> measured = new();
    readonly MeterListener listener = new();

    public ValueTask InitializeAsync()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ConsumeLagObserver.MeterName && instrument.Name == ConsumeLagObserver.InstrumentName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            measured.Enqueue((value, all.FirstOrDefault(t => t.Key == "messaging.message.type").Value as string,
                all.FirstOrDefault(t => t.Key == "messaging.destination.name").Value as string));
        });
        listener.Start();
        _ = factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        listener.Dispose();
        await factory.DisposeAsync();
    }

    [Fact]
    public async Task A_consumed_model_records_its_lag_under_its_type_and_queue()
    {
        await factory.Bus.PublishModels(new ModelDiscovered { Id = "lag/probe-model", Author = "lag", LastModified = DateTimeOffset.UtcNow });

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!measured.Any(m => m.Type == nameof(ModelsDiscovered) && m.Queue == "lineage-models-discovered"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"no lag measured; saw {string.Join(", ", measured)}");
            await Task.Delay(100);
        }

        Assert.All(measured, m => Assert.InRange(m.Seconds, 0, 30));
    }
}
