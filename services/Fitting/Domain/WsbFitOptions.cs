namespace OpenAccess.Fitting.Domain;

/// <summary>Bounds, starting points and data requirements of a per-family fit.</summary>
public sealed record WsbFitOptions
{
    public static WsbFitOptions Default { get; } = new();

    /// <summary>λ ≥ 0; the cap only keeps exp(λ) finite: a fit that reaches it is still accelerating.</summary>
    public WsbParameters Lower { get; init; } = new(0.0, -4.0, 0.05);

    /// <summary>μ ≤ 8 puts the fastest growth within e⁸ ≈ 250 years; σ ≥ 0.05 keeps a one-month step smooth enough to differentiate.</summary>
    public WsbParameters Upper { get; init; } = new(20.0, 8.0, 10.0);

    public IReadOnlyList<double> MuStarts { get; init; } = [0.0, 1.5, 3.0];

    public IReadOnlyList<double> SigmaStarts { get; init; } = [0.5, 1.5];

    /// <summary>λ starts where the ultimate count m(e^λ − 1) is this many times the last observed count.</summary>
    public IReadOnlyList<double> UltimateFactors { get; init; } = [1.2, 3.0];

    /// <summary>Fewer months than this: not enough data (three parameters need room for residuals).</summary>
    public int MinimumPoints { get; init; } = 6;

    /// <summary>Fewer months with new derivatives than this: the curve's shape is not determined.</summary>
    public int MinimumGrowthMonths { get; init; } = 3;

    public int MaximumIterations { get; init; } = 1000;

    /// <summary>Levenberg–Marquardt stops when the largest gradient component (of the scaled counts, in MathNet's internal parameters) is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-12;

    /// <summary>… or when a step is shorter than this (relative to the parameters).</summary>
    public double StepTolerance { get; init; } = 1e-12;

    /// <summary>
    /// Stop trying starts once this many have ended in the same minimum (same RSS and parameters); 0 tries
    /// them all. On realistic series nearly every start ends in the best minimum, so the rest are wasted.
    /// </summary>
    public int AgreeingStarts { get; init; } = 2;

    internal IEnumerable<WsbParameters> Starts(double m, double lastCount)
    {
        foreach (var factor in UltimateFactors)
        {
            var lambda = Math.Clamp(Math.Log(1 + factor * Math.Max(lastCount, 1) / m), Lower.Lambda + 0.1, Upper.Lambda - 0.5);
            foreach (var mu in MuStarts)
                foreach (var sigma in SigmaStarts)
                    yield return new WsbParameters(lambda, mu, sigma);
        }
    }
}
