namespace OpenAccess.Fitting.Domain;

/// <summary>Per-family parameters of the Wang–Song–Barabási model.</summary>
/// <param name="Lambda">λ, relative fitness.</param>
/// <param name="Mu">μ, immediacy: ln of the month of fastest growth.</param>
/// <param name="Sigma">σ, longevity: spread of that growth in ln t.</param>
public sealed record WsbParameters(double Lambda, double Mu, double Sigma);

/// <summary>Covariance of (λ, μ, σ) at the fitted point; the six distinct entries of the symmetric matrix.</summary>
public sealed record WsbCovariance(
    double LambdaLambda, double LambdaMu, double LambdaSigma,
    double MuMu, double MuSigma,
    double SigmaSigma)
{
    /// <summary>gᵀ Σ g: the variance the parameter uncertainty gives a quantity with gradient g (delta method).</summary>
    public double PropagatedVariance(WsbGradient g) =>
        g.Lambda * g.Lambda * LambdaLambda + g.Mu * g.Mu * MuMu + g.Sigma * g.Sigma * SigmaSigma
        + 2 * (g.Lambda * g.Mu * LambdaMu + g.Lambda * g.Sigma * LambdaSigma + g.Mu * g.Sigma * MuSigma);
}

/// <summary>Partial derivatives of c(t) with respect to λ, μ and σ.</summary>
public readonly record struct WsbGradient(double Lambda, double Mu, double Sigma);
