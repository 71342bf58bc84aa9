using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Tests.Fixtures;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>The service with every real snapshot family published to it (m fixed at 10), and the domain's answers for the same series.</summary>
public sealed class RealFamiliesService : IAsyncLifetime
{
    public const double M = 10;
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    readonly InMemoryFittingFactory factory = new(InMemoryFittingFactory.FixedM);

    public HttpClient Http { get; private set; } = null!;
    public BusProbe Probe { get; private set; } = null!;

    public static WsbFitter Fitter { get; } = new();

    public static WsbFit Fit(RealFamily family) => Fitter.Fit(family.Series, M);

    public static AdoptionForecast Forecast(RealFamily family, int months) =>
        new AdoptionForecaster(Fitter, replicates: 200).Forecast(family.Series, Fit(family), months);

    public async ValueTask InitializeAsync()
    {
        Http = factory.CreateClient();
        Probe = await BusProbe.AttachAsync(factory.Bus);
        foreach (var family in RealSeries.Families)
            await factory.Bus.Publish(SeriesEvents.From(family, version: 1));
        await Probe.PublishedAsync(RealSeries.Families.Count);
    }

    public async Task<T> GetAsync<T>(string path) => (await Http.GetFromJsonAsync<T>(path, Json))!;

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
