using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace OpenAccess.Fitting.Domain;

/// <summary>Fits (λ, μ, σ) of one family with m fixed: bounded Levenberg–Marquardt from several starts, the best kept.</summary>
public sealed class WsbFitter(WsbFitOptions? options = null)
{
    static readonly string[] Names = ["lambda", "mu", "sigma"];

    public WsbFitOptions Options { get; } = options ?? WsbFitOptions.Default;

    public WsbFit Fit(IReadOnlyList<AdoptionObservation> series, double m) => Fit(series, m, null);

    /// <summary>One start only: refitting a perturbed copy of a series from the original's parameters (bootstrap).</summary>
    public WsbFit FitFrom(IReadOnlyList<AdoptionObservation> series, double m, WsbParameters start) => Fit(series, m, [start]);

    WsbFit Fit(IReadOnlyList<AdoptionObservation> series, double m, IReadOnlyList<WsbParameters>? starts)
    {
        var last = series.Count > 0 ? series[^1] : default;
        WsbFit Unfitted(FitStatus status, string detail) => new()
        {
            Status = status, Detail = detail, M = m, Points = series.Count,
            LastMonthIndex = last.MonthIndex, LastCumulative = last.CumulativeDerivatives,
        };

        if (!double.IsFinite(m) || m <= 0)
            return Unfitted(FitStatus.DidNotConverge, $"m must be a positive number, not {m}");
        if (SeriesCheck.Problem(series, Options) is { } problem)
            return Unfitted(problem.Status, problem.Detail);

        // Counts run from ten to millions; dividing by the last count makes the tolerances mean the
        // same for every family (c is linear in m, so λ, μ, σ are unchanged).
        var scale = last.CumulativeDerivatives;
        var t = new double[series.Count];
        var y = new double[series.Count];
        for (var i = 0; i < series.Count; i++)
            (t[i], y[i]) = (series[i].MonthIndex, series[i].CumulativeDerivatives / scale);
        var objective = new WsbObjective(t, y, m / scale);
        starts ??= WsbStartGuess.Ordered(WsbStartGuess.Guess(t, y, m / scale, Options), Options.Starts(m, last.CumulativeDerivatives));
        var best = BestStart(objective, starts);
        if (best is null)
            return Unfitted(FitStatus.DidNotConverge, "no starting point reached a finite minimum");
        return Describe(best.Value, objective, series, m, scale, y);
    }

    (WsbParameters Point, double Rss, ExitCondition Exit, int Iterations)? BestStart(WsbObjective objective, IReadOnlyList<WsbParameters> starts)
    {
        var lower = Vector(Options.Lower);
        var upper = Vector(Options.Upper);
        var minimizer = new LevenbergMarquardtMinimizer(
            gradientTolerance: Options.GradientTolerance, stepTolerance: Options.StepTolerance, functionTolerance: 1e-16, maximumIterations: Options.MaximumIterations);
        (WsbParameters, double, ExitCondition, int)? best = null;
        var agreeing = 0;
        foreach (var start in starts)
        {
            if (Options.AgreeingStarts > 0 && agreeing >= Options.AgreeingStarts)
                break;
            NonlinearMinimizationResult result;
            try
            {
                result = minimizer.FindMinimum(objective, Vector(start), lower, upper);
            }
            catch (Exception e) when (e is ArithmeticException or ArgumentException or InvalidOperationException)
            {
                continue;
            }
            if (result.ReasonForExit == ExitCondition.InvalidValues || objective.BestPoint is not { } point)
                continue;
            var rss = objective.BestValue;
            if (!double.IsFinite(rss))
                continue;
            var candidate = (Params(point), rss, result.ReasonForExit, result.Iterations);
            if (best is null)
                (best, agreeing) = (candidate, 1);
            else if (SameMinimum(candidate.Item1, rss, best.Value.Item1, best.Value.Item2))
                (best, agreeing) = (rss < best.Value.Item2 ? candidate : best, agreeing + 1);
            else if (rss < best.Value.Item2)
                (best, agreeing) = (candidate, 1);
        }
        return best;
    }

    // Counts are scaled to end at 1, so an absolute RSS floor of 1e-14 is far below any R² that matters.
    static bool SameMinimum(WsbParameters a, double rssA, WsbParameters b, double rssB) =>
        Math.Abs(rssA - rssB) <= 1e-7 * Math.Max(rssA, rssB) + 1e-14
        && Math.Abs(a.Lambda - b.Lambda) <= 1e-3 * Math.Max(1, Math.Abs(b.Lambda))
        && Math.Abs(a.Mu - b.Mu) <= 1e-3 * Math.Max(1, Math.Abs(b.Mu))
        && Math.Abs(a.Sigma - b.Sigma) <= 1e-3 * Math.Max(1, b.Sigma);

    WsbFit Describe((WsbParameters Point, double Rss, ExitCondition Exit, int Iterations) best,
        WsbObjective objective, IReadOnlyList<AdoptionObservation> series, double m, double scale, double[] y)
    {
        var (p, rss, exit, iterations) = best;
        var n = series.Count;
        var meanY = y.Average();
        var sst = y.Sum(v => (v - meanY) * (v - meanY));
        var residualVariance = rss / (n - 3) * scale * scale;
        var covariance = Covariance(objective, p);
        var atBound = Names.Where((_, i) => AtBound(i, p)).ToList();
        var converged = exit is ExitCondition.Converged or ExitCondition.RelativeGradient or ExitCondition.RelativePoints;
        var fitted = converged && covariance is not null;
        var status = !fitted ? FitStatus.DidNotConverge : atBound.Count == 0 ? FitStatus.Fitted : FitStatus.AtBound;
        var detail = !converged ? $"optimiser stopped without converging ({exit})"
            : covariance is null ? "parameters are not determined by the data (singular covariance)"
            : atBound.Count == 0 ? "fitted"
            : $"{string.Join(", ", atBound.Select(name => BoundDescription(name, p)))}: where the search stopped, not a measurement; the forecast is unreliable";
        return new WsbFit
        {
            Status = status,
            Detail = detail,
            M = m,
            Points = n,
            LastMonthIndex = series[^1].MonthIndex,
            LastCumulative = series[^1].CumulativeDerivatives,
            Parameters = fitted ? p : null,
            StandardErrors = fitted ? StandardErrors(covariance!) : null,
            Covariance = fitted ? covariance : null,
            RSquared = 1 - rss / sst,
            Rmse = Math.Sqrt(rss / n) * scale,
            ResidualVariance = residualVariance,
            Ultimate = fitted ? WsbModel.Ultimate(m, p) : double.NaN,
            ParametersAtBound = atBound,
            Iterations = iterations,
            ExitReason = exit.ToString(),
        };
    }

    /// <summary>E.g. "λ at its upper bound 20".</summary>
    string BoundDescription(string name, WsbParameters p)
    {
        var i = Array.IndexOf(Names, name);
        double[] value = [p.Lambda, p.Mu, p.Sigma];
        double[] lo = [Options.Lower.Lambda, Options.Lower.Mu, Options.Lower.Sigma];
        double[] hi = [Options.Upper.Lambda, Options.Upper.Mu, Options.Upper.Sigma];
        var upper = hi[i] - value[i] < value[i] - lo[i];
        string[] symbols = ["λ", "μ", "σ"];
        return $"{symbols[i]} at its {(upper ? "upper" : "lower")} bound {(upper ? hi[i] : lo[i]).ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    bool AtBound(int i, WsbParameters p)
    {
        double[] value = [p.Lambda, p.Mu, p.Sigma];
        double[] lo = [Options.Lower.Lambda, Options.Lower.Mu, Options.Lower.Sigma];
        double[] hi = [Options.Upper.Lambda, Options.Upper.Mu, Options.Upper.Sigma];
        var tolerance = 1e-4 * (hi[i] - lo[i]);
        return value[i] - lo[i] < tolerance || hi[i] - value[i] < tolerance;
    }

    // (JᵀJ)⁺·RSS/(n − 3) of the scaled counts, as MathNet's result computes it; scaling cancels in it.
    // Taken once, at the kept point, rather than at every start's last evaluated point.
    static WsbCovariance? Covariance(WsbObjective objective, WsbParameters p)
    {
        objective.EvaluateAt(Vector(p));
        Matrix<double> c;
        try
        {
            c = objective.Hessian.PseudoInverse() * (objective.Value / objective.DegreeOfFreedom);
        }
        catch (Exception e) when (e is ArithmeticException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
        if (c.Enumerate().Any(v => !double.IsFinite(v)))
            return null;
        return new WsbCovariance(c[0, 0], c[0, 1], c[0, 2], c[1, 1], c[1, 2], c[2, 2]);
    }

    static WsbParameters StandardErrors(WsbCovariance c) =>
        new(Math.Sqrt(Math.Max(c.LambdaLambda, 0)), Math.Sqrt(Math.Max(c.MuMu, 0)), Math.Sqrt(Math.Max(c.SigmaSigma, 0)));

    static WsbParameters Params(Vector<double> p) => new(p[0], p[1], p[2]);

    static Vector<double> Vector(WsbParameters p) => Vector<double>.Build.Dense([p.Lambda, p.Mu, p.Sigma]);
}
