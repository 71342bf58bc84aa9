using OpenAccess.Evaluator.Domain;

namespace OpenAccess.Evaluator.Extensions;

/// <summary>The three catalogue files, read and validated once at start-up.</summary>
public sealed record EvaluatorCatalogues(GpuCatalogue Gpus, EnergyPriceCatalogue EnergyPrices, ApiPriceCatalogue ApiPrices)
{
    public const string GpusFile = "gpus.json";
    public const string EnergyPricesFile = "energy-prices.json";
    public const string ApiPricesFile = "api-prices.json";

    /// <exception cref="CatalogueValidationException">A file is malformed; the message names the file and the entry.</exception>
    public static EvaluatorCatalogues Load(string directory) => new(
        GpuCatalogue.Parse(Read(directory, GpusFile), Path.Combine(directory, GpusFile)),
        EnergyPriceCatalogue.Parse(Read(directory, EnergyPricesFile), Path.Combine(directory, EnergyPricesFile)),
        ApiPriceCatalogue.Parse(Read(directory, ApiPricesFile), Path.Combine(directory, ApiPricesFile)));

    private static string Read(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new CatalogueValidationException(path, "(file)", $"the file does not exist; set {EvaluatorOptions.Section}:CatalogueDirectory to the folder holding it.");
    }
}
