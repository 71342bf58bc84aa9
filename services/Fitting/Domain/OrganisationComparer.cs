using MathNet.Numerics.Statistics;

namespace OpenAccess.Fitting.Domain;

/// <summary>Compares organisations by the adoption parameters of the base models they released.</summary>
public static class OrganisationComparer
{
    public static IReadOnlyList<OrganisationSummary> Compare(IEnumerable<(string Author, WsbFit Fit)> families) =>
        [.. families
            .GroupBy(f => f.Author, StringComparer.OrdinalIgnoreCase)
            .Select(g => Summarise(g.First().Author, g.Select(f => f.Fit).ToList()))
            .OrderByDescending(s => s.Families).ThenBy(s => s.Author, StringComparer.Ordinal)];

    static OrganisationSummary Summarise(string author, IReadOnlyList<WsbFit> fits)
    {
        // A parameter on a bound is a limit of the search, not a measurement; it would drag the median.
        var usable = fits.Where(f => f.IsFitted && f.ParametersAtBound.Count == 0).Select(f => f.Parameters!).ToList();
        return new OrganisationSummary(author, fits.Count, usable.Count,
            Spread(usable.Select(p => p.Lambda)), Spread(usable.Select(p => p.Mu)), Spread(usable.Select(p => p.Sigma)));
    }

    static ParameterSpread? Spread(IEnumerable<double> values)
    {
        var data = values.ToArray();
        if (data.Length == 0)
            return null;
        var lower = data.LowerQuartile();
        var upper = data.UpperQuartile();
        return new ParameterSpread(data.Median(), lower, upper, upper - lower);
    }
}
