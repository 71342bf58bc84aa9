using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.ServiceDefaults.Messaging;
using FittingMarker = OpenAccess.Fitting.Consumers.FamilyAdoptionChangedConsumer;

namespace OpenAccess.Integration.Tests;

/// <summary>The Fitting service's own Program on a real RabbitMQ broker, seen from another process's bus.</summary>
public sealed class FittingOverRabbitMqTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    // google/gemma-7b in the bundled snapshot, months 1–15 since February 2024.
    static readonly int[] Gemma = [21, 31, 49, 53, 57, 59, 63, 81, 86, 98, 105, 207, 253, 345, 347];

    readonly string data = Directory.CreateTempSubdirectory("openaccess-fitting-rabbit-").FullName;

    [Fact]
    public async Task A_series_publishes_one_forecast_and_its_duplicate_publishes_nothing()
    {
        using var fitting = new ServiceFactory<FittingMarker>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = broker.ConnectionString,
            ["OpenAccess:DataDirectory"] = data,
            ["OpenAccess:Fitting:M"] = "10",
        });
        var received = new ConcurrentQueue<(Guid? Id, AdoptionForecastUpdated Message)>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(broker.ConnectionString));
            cfg.ConfigureJsonSerializerOptions(o => { o.Converters.Add(new JsonStringEnumConverter()); return o; });
            cfg.ReceiveEndpoint("dashboard-adoption-forecast-updated", e =>
                e.Handler<AdoptionForecastUpdated>(c => { received.Enqueue((c.MessageId, c.Message)); return Task.CompletedTask; }));
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var series = Series("google/gemma-7b", version: 3);
            await bus.Publish(series, TestContext.Current.CancellationToken);
            await Eventually.Get(() => Task.FromResult(received.Count), n => n >= 1, "AdoptionForecastUpdated");
            // The event goes out before the fit is stored (a crash in between is repaired by redelivery under the
            // same id); the duplicate below is the one that arrives once the first was fully handled.
            var client = fitting.CreateClient();
            await Eventually.Get(async () => (await client.GetAsync("/fits/google/gemma-7b")).StatusCode, s => s == System.Net.HttpStatusCode.OK, "the fit to be stored");

            await bus.Publish(series, TestContext.Current.CancellationToken);
            await Eventually.Get(broker.QueueDepthsAsync,
                q => q.GetValueOrDefault("fitting-family-adoption-changed", -1) == 0 && q.GetValueOrDefault("dashboard-adoption-forecast-updated", -1) == 0,
                "the duplicate to be consumed");
            await Task.Delay(500, TestContext.Current.CancellationToken);

            var (id, message) = Assert.Single(received);
            Assert.Equal(MessageIds.From("google/gemma-7b", "3"), id);
            Assert.Equal(("google/gemma-7b", "fitted", 3L, 10.0, 12), (message.FamilyId, message.Status, message.SeriesVersion, message.M, message.Forecast.Count));
            Assert.Contains("month 12", message.OutlierReason);
            var fit = await fitting.CreateClient().GetFromJsonAsync<JsonElement>("/fits/google/gemma-7b", TestContext.Current.CancellationToken);
            Assert.Equal(message.Lambda, fit.GetProperty("fit").GetProperty("parameters").GetProperty("lambda").GetDouble());
            Assert.All((await broker.QueueDepthsAsync()).Where(q => q.Key.EndsWith("_error")), q => Assert.Equal(0, q.Value));
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    static FamilyAdoptionChanged Series(string family, long version) => new()
    {
        FamilyId = family,
        Author = family.Split('/')[0],
        ReleasedAt = new DateTimeOffset(2024, 2, 21, 8, 0, 0, TimeSpan.Zero),
        SeriesVersion = version,
        Months = [.. Gemma.Select((c, i) => new AdoptionPoint(new DateOnly(2024, 2, 1).AddMonths(i), i + 1, i == 0 ? c : c - Gemma[i - 1], c,
            new Dictionary<BaseModelRelation, int> { [BaseModelRelation.Finetune] = c }))],
    };

    public void Dispose() => Directory.Delete(data, recursive: true);
}
