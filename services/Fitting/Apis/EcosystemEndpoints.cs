using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Refitting;
using OpenAccess.Fitting.Storage;

namespace OpenAccess.Fitting.Apis;

/// <summary>Answers over all families: outliers, organisations, forecast skill.</summary>
static class EcosystemEndpoints
{
    const int MaxHeldOut = 24;

    public static void MapEcosystemEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/outliers", ListOutliers).WithSummary("Families the model cannot follow (poor fit or an abrupt month), by family id.");
        api.MapGet("/organizations", CompareOrganizations)
            .WithSummary("Per author: families, and median and IQR of λ, μ, σ over the families fitted with no parameter on a bound.");
        api.MapGet("/skill", MeasureSkill)
            .WithSummary("Forecast skill: every family fitted without its last k months, WSB against two naive baselines on those months.");
    }

    static async Task<Ok<List<OutlierFamily>>> ListOutliers(FittingStore store, CancellationToken ct)
    {
        var flagged = new List<OutlierFamily>();
        await foreach (var fit in store.Fits.ReadAllAsync(ct))
            if (fit.Outliers.Count > 0)
                flagged.Add(new OutlierFamily(fit.FamilyId, fit.Author, fit.SeriesVersion, fit.RSquared, fit.Outliers));
        return TypedResults.Ok(flagged);
    }

    static async Task<Ok<IReadOnlyList<OrganisationSummary>>> CompareOrganizations(FittingStore store, CancellationToken ct)
    {
        var families = new List<(string, WsbFit)>();
        await foreach (var f in store.Fits.ReadAllAsync(ct))
            families.Add((f.Author, new WsbFit
            {
                Status = f.Status, Detail = f.Detail, M = f.M, Points = f.Points,
                Parameters = f.Parameters, ParametersAtBound = f.ParametersAtBound,
            }));
        return TypedResults.Ok(OrganisationComparer.Compare(families));
    }

    static async Task<Results<Ok<SkillView>, ProblemHttpResult>> MeasureSkill(
        string? k, FittingStore store, SharedM sharedM, ForecastBacktest backtest, CancellationToken ct)
    {
        if (!QueryNumber.TryRead("k (months held out)", k, 3, 1, MaxHeldOut, out var heldOut, out var bad))
            return bad!;
        var families = new List<FamilySeries>();
        await foreach (var s in store.Series.ReadAllAsync(ct))
            families.Add(new FamilySeries(s.FamilyId, s.Author, FamilyFitBuilder.Observations(s)));
        var m = await sharedM.CurrentAsync(ct);
        return TypedResults.Ok(SkillView.From(backtest.Run(families, m.M, heldOut), m.M));
    }
}
