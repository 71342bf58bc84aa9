namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// A hosted API's list price, US dollars per million tokens. <c>CachedInputPerMillion</c> is the input price when the
/// prompt prefix is served from the provider's cache; null when not offered.
/// </summary>
public sealed record ApiPrice(
    string Id,
    string Model,
    decimal InputPerMillion,
    decimal? CachedInputPerMillion,
    decimal OutputPerMillion,
    string AsOf,
    string Source)
{
    public decimal CostPerRequest(RequestProfile request, bool cacheHit = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var inputPrice = cacheHit
            ? CachedInputPerMillion ?? throw new AccessCalculationException($"'{Id}' has no cached-input price.")
            : InputPerMillion;
        return Figures.Checked(() => $"The cost of a request at '{Id}'", () => (request.InputTokens * inputPrice + request.OutputTokens * OutputPerMillion) / 1_000_000m);
    }
}
