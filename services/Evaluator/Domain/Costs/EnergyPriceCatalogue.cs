namespace OpenAccess.Evaluator.Domain;

/// <summary>Electricity prices per region, from <c>Catalogues/energy-prices.json</c>.</summary>
public sealed class EnergyPriceCatalogue(IReadOnlyList<EnergyRegion> regions)
{
    public IReadOnlyList<EnergyRegion> All { get; } = regions;

    public EnergyRegion Get(string id) =>
        All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new AccessCalculationException($"Unknown energy region '{id}'. Known: {string.Join(", ", All.Select(r => r.Id))}.");

    public static EnergyPriceCatalogue Parse(string json, string file) =>
        new(CatalogueEntryReader.ReadAll(json, file, entry => new EnergyRegion(
            entry.Name,
            entry.RequiredString("name"),
            entry.RequiredNonNegative("pricePerKwhUsd"),
            entry.RequiredString("asOf"),
            entry.RequiredString("source"))));
}
