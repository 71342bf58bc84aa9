using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Apis;

/// <summary>A family the model cannot follow, and why.</summary>
public sealed record OutlierFamily(string FamilyId, string Author, long SeriesVersion, double? RSquared, IReadOnlyList<AdoptionOutlier> Outliers);

/// <summary>Mean absolute error (derivatives) and mean absolute percentage error (null when every actual month was 0).</summary>
public sealed record ErrorsView(double MeanAbsoluteError, double? MeanAbsolutePercentageError)
{
    public static ErrorsView? From(ForecastErrors? e) =>
        e is null ? null : new(e.MeanAbsoluteError, double.IsFinite(e.MeanAbsolutePercentageError) ? e.MeanAbsolutePercentageError : null);
}

public sealed record FamilySkillView(string FamilyId, FitStatus Status, string Detail, ErrorsView? Wsb, ErrorsView? LinearTrend, ErrorsView? LastGrowth);

/// <summary>Forecast skill over all families: WSB against a linear trend and last month's growth repeated, on the last k months held out.</summary>
public sealed record SkillView(
    int HeldOutMonths, double M, int FamiliesScored,
    ErrorsView? Wsb, ErrorsView? LinearTrend, ErrorsView? LastGrowth,
    int WsbBeatsLinearTrend, int WsbBeatsLastGrowth, IReadOnlyList<FamilySkillView> Families)
{
    public static SkillView From(SkillSummary s, double m) => new(
        s.HeldOutMonths, m, s.FamiliesScored, ErrorsView.From(s.Wsb), ErrorsView.From(s.LinearTrend), ErrorsView.From(s.LastGrowth),
        s.WsbBeatsLinearTrend, s.WsbBeatsLastGrowth,
        [.. s.Families.Select(f => new FamilySkillView(f.FamilyId, f.Status, f.Detail, ErrorsView.From(f.Wsb), ErrorsView.From(f.LinearTrend), ErrorsView.From(f.LastGrowth)))]);
}
