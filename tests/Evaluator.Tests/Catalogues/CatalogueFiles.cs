using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Tests.Catalogues;

/// <summary>The service's own catalogue files, as the build copies them next to the test assembly.</summary>
public static class CatalogueFiles
{
    public static GpuCatalogue Gpus() => GpuCatalogue.Parse(Read("gpus.json"), "gpus.json");
    public static EnergyPriceCatalogue EnergyPrices() => EnergyPriceCatalogue.Parse(Read("energy-prices.json"), "energy-prices.json");
    public static ApiPriceCatalogue ApiPrices() => ApiPriceCatalogue.Parse(Read("api-prices.json"), "api-prices.json");

    private static string Read(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Catalogues", file));
}
