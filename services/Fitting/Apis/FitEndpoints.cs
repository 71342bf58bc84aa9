using Microsoft.AspNetCore.Http.HttpResults;
using OpenAccess.Fitting.Extensions;
using OpenAccess.Fitting.Refitting;
using OpenAccess.Fitting.Storage;

namespace OpenAccess.Fitting.Apis;

/// <summary><c>/fits</c>: one family's fit and forecast, and the list of all fits.</summary>
static class FitEndpoints
{
    const int DefaultPage = 100;
    const int MaxPage = 1000;

    static readonly Dictionary<string, Func<FitSummary, double?>> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lambda"] = f => f.Lambda,
        ["mu"] = f => f.Mu,
        ["sigma"] = f => f.Sigma,
        ["r2"] = f => f.RSquared,
        ["ultimate"] = f => f.Ultimate,
    };

    public static void MapFitEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/fits", ListFits)
            .WithSummary("Every family's fit: filter by author, sort by lambda, mu, sigma, r2 or ultimate (families without that number last), paged.");
        api.MapGet("/fits/{author}/{name}", (string author, string name, FittingStore store, HttpContext context, CancellationToken ct) => GetFit($"{author}/{name}", store, context, ct))
            .WithSummary("A family's fit (parameters, errors, R², forecast, outliers) and the series it was made from.");
        api.MapGet("/fits/{name}", (string name, FittingStore store, HttpContext context, CancellationToken ct) => GetFit(name, store, context, ct));
        api.MapGet("/fits/{author}/{name}/forecast", (string author, string name, string? horizon, FittingStore store, FamilyFitBuilder builder, FittingOptions options, HttpContext context, CancellationToken ct) =>
                GetForecast($"{author}/{name}", horizon, store, builder, options, context, ct))
            .WithSummary("The forecast with its 95 % band for the next `horizon` months (default: the stored horizon).");
        api.MapGet("/fits/{name}/forecast", (string name, string? horizon, FittingStore store, FamilyFitBuilder builder, FittingOptions options, HttpContext context, CancellationToken ct) =>
            GetForecast(name, horizon, store, builder, options, context, ct));
    }

    static async Task<Results<Ok<FitWithSeries>, ProblemHttpResult>> GetFit(string id, FittingStore store, HttpContext context, CancellationToken ct)
    {
        var fit = await store.Fits.GetAnyCaseAsync(id, ct);
        var series = fit is null ? null : await store.Series.GetAsync(fit.FamilyId, ct);
        return fit is null || series is null ? await Problems.UnknownFamilyAsync(id, context) : TypedResults.Ok(new FitWithSeries(fit, series));
    }

    static async Task<Results<Ok<FamilyForecast>, ProblemHttpResult>> GetForecast(
        string id, string? horizon, FittingStore store, FamilyFitBuilder builder, FittingOptions options, HttpContext context, CancellationToken ct)
    {
        if (!QueryNumber.TryRead("horizon (months)", horizon, options.ForecastHorizonMonths, 1, options.MaximumHorizonMonths, out var months, out var bad))
            return bad!;
        var fit = await store.Fits.GetAnyCaseAsync(id, ct);
        var series = fit is null ? null : await store.Series.GetAsync(fit.FamilyId, ct);
        if (fit is null || series is null)
            return await Problems.UnknownFamilyAsync(id, context);
        var forecast = months == fit.Forecast.HorizonMonths ? fit.Forecast : builder.Forecast(series, fit.M, months);
        return TypedResults.Ok(new FamilyForecast(fit.FamilyId, fit.SeriesVersion, fit.M, forecast, fit.ObservedOn));
    }

    static async Task<Results<Ok<FitPage>, ProblemHttpResult>> ListFits(
        string? author, string? sort, string? order, string? offset, string? limit, FittingStore store, CancellationToken ct)
    {
        if (!QueryNumber.TryRead("offset", offset, 0, 0, int.MaxValue, out var skip, out var bad)
            || !QueryNumber.TryRead("limit", limit, DefaultPage, 1, MaxPage, out var take, out bad))
            return bad!;
        Func<FitSummary, double?>? key = null;
        if (sort is not null && !SortKeys.TryGetValue(sort, out key))
            return Problems.BadParameter($"sort must be one of {string.Join(", ", SortKeys.Keys)}, not '{sort}'.");
        var descending = (order ?? "desc").ToLowerInvariant() switch
        {
            "desc" => true,
            "asc" => false,
            _ => (bool?)null,
        };
        if (descending is null)
            return Problems.BadParameter($"order must be asc or desc, not '{order}'.");

        var all = new List<FitSummary>();
        await foreach (var fit in store.Fits.ReadAllAsync(ct))
            if (string.IsNullOrEmpty(author) || string.Equals(fit.Author, author, StringComparison.OrdinalIgnoreCase))
                all.Add(FitSummary.From(fit));
        IEnumerable<FitSummary> ordered = all.OrderBy(f => f.FamilyId, StringComparer.Ordinal);
        if (key is not null)
        {
            // Families without the number (not fitted) go last in either order; ties keep the id order.
            var withValue = all.Where(f => key(f) is not null);
            ordered = (descending.Value ? withValue.OrderByDescending(f => key(f)) : withValue.OrderBy(f => key(f)))
                .ThenBy(f => f.FamilyId, StringComparer.Ordinal)
                .Concat(all.Where(f => key(f) is null).OrderBy(f => f.FamilyId, StringComparer.Ordinal));
        }
        return TypedResults.Ok(new FitPage(all.Count, skip, take, sort?.ToLowerInvariant() ?? "family", key is null ? "asc" : (descending.Value ? "desc" : "asc"),
            [.. ordered.Skip(skip).Take(take)]));
    }
}
