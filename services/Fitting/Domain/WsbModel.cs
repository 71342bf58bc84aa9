using MathNet.Numerics.Distributions;

namespace OpenAccess.Fitting.Domain;

/// <summary>
/// c(t) = m · (exp(λ · Φ((ln t − μ) / σ)) − 1): cumulative derivatives of a base model at the end of
/// month t, t = 1 being the calendar month that contains the release.
/// </summary>
public static class WsbModel
{
    public static double Cumulative(double t, double m, WsbParameters p) =>
        m * (Math.Exp(p.Lambda * Normal.CDF(0, 1, Z(t, p))) - 1);

    /// <summary>c(∞) = m · (e^λ − 1).</summary>
    public static double Ultimate(double m, WsbParameters p) => m * (Math.Exp(p.Lambda) - 1);

    public static WsbGradient Gradient(double t, double m, WsbParameters p)
    {
        var z = Z(t, p);
        var phi = Normal.CDF(0, 1, z);
        var grow = m * Math.Exp(p.Lambda * phi);
        var slope = grow * p.Lambda * Normal.PDF(0, 1, z) / p.Sigma;
        return new WsbGradient(grow * phi, -slope, -slope * z);
    }

    static double Z(double t, WsbParameters p) => (Math.Log(t) - p.Mu) / p.Sigma;
}
