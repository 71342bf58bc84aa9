namespace OpenAccess.Evaluator.Domain;

/// <summary>Hosted API prices, from <c>Catalogues/api-prices.json</c>.</summary>
public sealed class ApiPriceCatalogue(IReadOnlyList<ApiPrice> prices)
{
    public IReadOnlyList<ApiPrice> All { get; } = prices;

    public ApiPrice Get(string id) =>
        All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new AccessCalculationException($"Unknown API price id '{id}'. Known: {string.Join(", ", All.Select(p => p.Id))}.");

    public static ApiPriceCatalogue Parse(string json, string file) =>
        new(CatalogueEntryReader.ReadAll(json, file, entry => new ApiPrice(
            entry.Name,
            entry.RequiredString("model"),
            entry.RequiredNonNegative("inputPerMillionUsd"),
            entry.OptionalNonNegative("cachedInputPerMillionUsd"),
            entry.RequiredNonNegative("outputPerMillionUsd"),
            entry.RequiredString("asOf"),
            entry.RequiredString("source"))));
}
