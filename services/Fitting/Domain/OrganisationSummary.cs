namespace OpenAccess.Fitting.Domain;

/// <summary>Median and interquartile range of one parameter over an organisation's families.</summary>
public sealed record ParameterSpread(double Median, double LowerQuartile, double UpperQuartile, double InterquartileRange);

/// <summary>
/// One organisation's families and the spread of their fitted parameters. The spreads cover only
/// the families fitted with no parameter on a bound (<see cref="FamiliesSummarised"/>), and are null when there is none.
/// </summary>
public sealed record OrganisationSummary(
    string Author, int Families, int FamiliesSummarised,
    ParameterSpread? Lambda, ParameterSpread? Mu, ParameterSpread? Sigma);
