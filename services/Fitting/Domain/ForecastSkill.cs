namespace OpenAccess.Fitting.Domain;

/// <summary>Errors of one method over the held-out months.</summary>
/// <param name="MeanAbsoluteError">Mean |forecast − actual| in derivatives.</param>
/// <param name="MeanAbsolutePercentageError">Mean |forecast − actual| / actual, in percent (months with actual 0 left out).</param>
public sealed record ForecastErrors(double MeanAbsoluteError, double MeanAbsolutePercentageError);

/// <summary>One family's back-test; the errors are null when the shortened series could not be fitted.</summary>
public sealed record FamilySkill(
    string FamilyId, FitStatus Status, string Detail, int HeldOutMonths,
    ForecastErrors? Wsb, ForecastErrors? LinearTrend, ForecastErrors? LastGrowth);

/// <summary>Back-test over all families: each method's errors averaged over the families that could be scored.</summary>
public sealed record SkillSummary(
    int HeldOutMonths, int FamiliesScored,
    ForecastErrors? Wsb, ForecastErrors? LinearTrend, ForecastErrors? LastGrowth,
    int WsbBeatsLinearTrend, int WsbBeatsLastGrowth,
    IReadOnlyList<FamilySkill> Families);
