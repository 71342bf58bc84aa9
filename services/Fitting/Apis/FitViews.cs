using OpenAccess.Contracts;
using OpenAccess.Fitting.Domain;
using OpenAccess.Fitting.Storage;

namespace OpenAccess.Fitting.Apis;

/// <summary>A family's fit and the series it was made from.</summary>
public sealed record FitWithSeries(FamilyFit Fit, FamilyAdoptionChanged Series);

/// <summary>A forecast of one family for the asked horizon.</summary>
public sealed record FamilyForecast(string FamilyId, long SeriesVersion, double M, StoredForecast Forecast, DateOnly? ObservedOn = null);

/// <summary>One row of the fit list.</summary>
public sealed record FitSummary(
    string FamilyId, string Author, long SeriesVersion, FitStatus Status, int Points,
    double? Lambda, double? Mu, double? Sigma, double? RSquared, double? Ultimate, int Outliers)
{
    public static FitSummary From(FamilyFit f) => new(
        f.FamilyId, f.Author, f.SeriesVersion, f.Status, f.Points,
        f.Parameters?.Lambda, f.Parameters?.Mu, f.Parameters?.Sigma, f.RSquared, f.Ultimate, f.Outliers.Count);
}

/// <summary>A page of the fit list; <see cref="Total"/> counts every family that matches the filter.</summary>
public sealed record FitPage(int Total, int Offset, int Limit, string Sort, string Order, IReadOnlyList<FitSummary> Items);
