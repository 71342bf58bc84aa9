namespace OpenAccess.Evaluator.Domain;

/// <summary>The GPUs the Evaluator sizes deployments for, from <c>Catalogues/gpus.json</c>.</summary>
public sealed class GpuCatalogue(IReadOnlyList<Gpu> gpus)
{
    public IReadOnlyList<Gpu> All { get; } = gpus;

    public Gpu Get(string id) =>
        All.FirstOrDefault(g => string.Equals(g.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new AccessCalculationException($"Unknown GPU id '{id}'. Known: {string.Join(", ", All.Select(g => g.Id))}.");

    public static GpuCatalogue Parse(string json, string file) =>
        new(CatalogueEntryReader.ReadAll(json, file, entry =>
        {
            var watts = entry.RequiredPositive("tdpWatts");
            if (watts != decimal.Truncate(watts)) throw entry.Invalid($"'tdpWatts' is {watts}; it must be a whole number of watts.");
            var price = entry.OptionalNonNegative("priceUsd");
            var priceSource = entry.OptionalString("priceSource");
            if (price is not null && priceSource is null) throw entry.Invalid("'priceUsd' is given without a 'priceSource'.");
            return new Gpu(entry.Name, entry.RequiredString("name"), entry.RequiredPositive("memoryGb"), (int)watts,
                price, priceSource, entry.RequiredString("source"));
        }));
}
