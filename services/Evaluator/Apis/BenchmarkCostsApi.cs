using System.Globalization;
using OpenAccess.Contracts;
using OpenAccess.Evaluator.Domain;
using OpenAccess.Evaluator.Extensions;
using OpenAccess.Evaluator.Storage;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Evaluator.Apis;

/// <summary>
/// What a leaderboard point costs: for every model with both an access profile and a leaderboard average,
/// the hardware it needs at a precision, and that hardware's price and yearly energy divided by the average.
/// </summary>
public static class BenchmarkCostsApi
{
    public const double MinAveragePoints = 0.01;

    internal static void MapBenchmarkCostsApi(this RouteGroupBuilder api) =>
        api.MapGet("/benchmark-costs", List).WithSummary(
            "Capex and yearly energy per leaderboard average point, cheapest first: ?leaderboard=v2&precision=bf16&limit=50.");

    static async Task<IResult> List(string? leaderboard, string? precision, string? limit,
        IDocumentCollection<BenchmarkUpdated> results, IDocumentCollection<StoredAccessProfile> profiles, EvaluatorOptions options, CancellationToken ct)
    {
        var version = leaderboard ?? "v2";
        if (version is not ("v1" or "v2")) return Problems.BadRequest($"'leaderboard' must be v1 or v2, not '{version}'.");
        if (WhatIfRequest.TryParsePrecision(precision ?? "bf16") is not { } chosen)
            return Problems.BadRequest($"'precision' must be one of {WhatIfRequest.KnownPrecisions}, not '{precision}'.");
        var take = 50;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > 1000))
            return Problems.BadRequest($"'limit' must be a whole number from 1 to 1000, not '{limit}'.");

        var rows = new List<BenchmarkCost>();
        var latest = (await results.FindByKeyAsync($"leaderboard:{version}", 0, int.MaxValue, ct))
            // Averages are points from 0 to 100. Below a hundredth of a point (or beyond 100) the per-point figures are
            // meaningless and can overflow, so such an average is left out like a missing one.
            .Where(r => r.Average is >= MinAveragePoints and <= 100)
            .GroupBy(r => r.ModelId)
            .Select(g => g.OrderByDescending(r => r.EvaluatedAt).First());
        foreach (var result in latest)
        {
            if (await profiles.GetAsync(result.ModelId, ct) is not { } stored
                || stored.Profile.Resourcing.FirstOrDefault(r => r.Precision == chosen) is not { } row)
            {
                continue;
            }

            var average = (decimal)result.Average!.Value;
            var energy = row.EnergyPerYear.FirstOrDefault(e => e.RegionId == options.RegionId);
            rows.Add(new BenchmarkCost(
                result.ModelId, version, result.Average.Value, chosen, row.Gpus.GpuId, row.Gpus.TensorParallel ?? row.Gpus.ByMemory,
                row.CapexUsd, row.CapexUsd is { } capex ? capex / average : null,
                energy?.RegionId, energy?.Cost.Cost, energy is null ? null : energy.Cost.Cost / average));
        }

        return TypedResults.Ok(rows.OrderBy(r => r.CapexUsdPerPoint ?? decimal.MaxValue).ThenBy(r => r.ModelId, StringComparer.Ordinal).Take(take).ToList());
    }
}

/// <summary>One model's cost per leaderboard average point (the average is in points, 0–100).</summary>
public sealed record BenchmarkCost(
    string ModelId,
    string Leaderboard,
    double AveragePoints,
    Precision Precision,
    string GpuId,
    int Gpus,
    decimal? CapexUsd,
    decimal? CapexUsdPerPoint,
    string? EnergyRegionId,
    decimal? EnergyUsdPerYear,
    decimal? EnergyUsdPerYearPerPoint);
