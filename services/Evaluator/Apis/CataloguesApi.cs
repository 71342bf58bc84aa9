using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;

namespace OpenAccess.Evaluator.Apis;

/// <summary>The catalogues the figures are computed from, with the source of every entry.</summary>
public static class CataloguesApi
{
    internal static void MapCataloguesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/catalogues/gpus", (EvaluatorCatalogues c) => Ok(c.Gpus.All)).WithSummary("GPUs: memory, board power, price where sourced.");
        api.MapGet("/catalogues/energy-prices", (EvaluatorCatalogues c) => Ok(c.EnergyPrices.All)).WithSummary("Electricity prices per region, USD per kWh.");
        api.MapGet("/catalogues/api-prices", (EvaluatorCatalogues c) => Ok(c.ApiPrices.All)).WithSummary("Hosted API prices, USD per million tokens.");
    }

    static Ok<IReadOnlyList<T>> Ok<T>(IReadOnlyList<T> entries) => TypedResults.Ok(entries);
}
