namespace OpenAccess.Fitting.Domain;

/// <summary>One month of a family's adoption series: t and the cumulative derivatives up to the end of that month.</summary>
/// <param name="MonthIndex">t of the model: 1 for the calendar month containing the release, 2 for the next…</param>
/// <param name="CumulativeDerivatives">Derivatives created up to and including this month (double so bad input can be reported, not hidden).</param>
public readonly record struct AdoptionObservation(int MonthIndex, double CumulativeDerivatives);
