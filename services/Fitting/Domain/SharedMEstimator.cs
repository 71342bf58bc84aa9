namespace OpenAccess.Fitting.Domain;

/// <summary>m and the profile it was chosen from.</summary>
/// <param name="M">The m that fits all families best.</param>
/// <param name="FamiliesUsed">Families that could be fitted (the others do not inform m).</param>
/// <param name="Profile">Σ(1 − R²) over those families for every m tried.</param>
public sealed record MEstimate(double M, int FamiliesUsed, IReadOnlyList<MProfilePoint> Profile);

public sealed record MProfilePoint(double M, double SumOneMinusRSquared);

/// <summary>
/// m is one constant of the whole ecosystem (Wang–Song–Barabási), and per family it trades off
/// against λ, so it is chosen once by profiling: every family is fitted at each m of a log grid and
/// the m with the smallest Σ(1 − R²) is kept. 1 − R² rather than RSS, so that a family with
/// thousands of derivatives does not outvote all the small ones.
/// </summary>
public sealed class SharedMEstimator(WsbFitter? fitter = null)
{
    /// <summary>1 … 1000, ten points a decade: the profile is flat enough that a finer grid means nothing.</summary>
    public static IReadOnlyList<double> DefaultGrid { get; } = [.. Enumerable.Range(0, 31).Select(k => Math.Pow(10, k / 10.0))];

    readonly WsbFitter _fitter = fitter ?? new WsbFitter();

    /// <returns>null when no family can be fitted at any m: there is nothing to estimate m from.</returns>
    public MEstimate? Estimate(IEnumerable<IReadOnlyList<AdoptionObservation>> families, IReadOnlyList<double>? grid = null)
    {
        grid ??= DefaultGrid;
        var usable = families.Where(f => SeriesCheck.Problem(f, _fitter.Options) is null).ToList();
        if (usable.Count == 0)
            return null;

        var profile = new List<MProfilePoint>(grid.Count);
        foreach (var m in grid)
        {
            var fits = usable.Select(f => _fitter.Fit(f, m)).ToList();
            // A family that fails at some m would make that m look better by dropping out; count it as explaining nothing.
            var loss = fits.Sum(f => f.IsFitted ? 1 - f.RSquared : 1.0);
            profile.Add(new MProfilePoint(m, loss));
        }
        var best = profile.MinBy(p => p.SumOneMinusRSquared)!;
        return new MEstimate(best.M, usable.Count, profile);
    }
}
