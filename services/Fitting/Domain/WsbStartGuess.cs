using MathNet.Numerics.Distributions;

namespace OpenAccess.Fitting.Domain;

/// <summary>
/// A cheap first guess of (λ, μ, σ) from the shape of a series, used to try the likeliest start first:
/// μ and σ are the mean and spread of ln t weighted by each month's new derivatives, and λ is the one
/// that puts the curve through the last count given them.
/// </summary>
static class WsbStartGuess
{
    /// <param name="t">Month indices.</param>
    /// <param name="y">Cumulative counts (any scale).</param>
    /// <param name="m">m on the same scale as <paramref name="y"/>.</param>
    /// <param name="options">Bounds the guess is kept inside.</param>
    public static WsbParameters Guess(IReadOnlyList<double> t, IReadOnlyList<double> y, double m, WsbFitOptions options)
    {
        double weight = 0, sum = 0, sumSquares = 0;
        for (var i = 0; i < y.Count; i++)
        {
            var added = i == 0 ? y[0] : y[i] - y[i - 1];
            // The middle of month t is t − ½: the first month's derivatives arrive before ln t = 0.
            var logT = Math.Log(Math.Max(t[i] - 0.5, 0.5));
            weight += added;
            sum += added * logT;
            sumSquares += added * logT * logT;
        }
        var mu = Math.Clamp(sum / weight, options.Lower.Mu, options.Upper.Mu);
        var sigma = Math.Clamp(Math.Sqrt(Math.Max(sumSquares / weight - mu * mu, 0)), 0.2, 3.0);
        var reached = Normal.CDF(0, 1, (Math.Log(t[^1]) - mu) / sigma);
        var lambda = Math.Clamp(Math.Log(1 + y[^1] / m) / Math.Max(reached, 0.05), options.Lower.Lambda + 0.1, options.Upper.Lambda - 0.5);
        return new WsbParameters(lambda, mu, sigma);
    }

    /// <summary>The guess, then the grid starts nearest to it first.</summary>
    public static IReadOnlyList<WsbParameters> Ordered(WsbParameters guess, IEnumerable<WsbParameters> grid) =>
        [guess, .. grid.OrderBy(s => Math.Abs(s.Mu - guess.Mu) + Math.Abs(Math.Log(s.Sigma / guess.Sigma)) + Math.Abs(s.Lambda - guess.Lambda) / guess.Lambda)];
}
