using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace OpenAccess.Fitting.Domain;

/// <summary>
/// The WSB least-squares problem of one series as MathNet's <see cref="IObjectiveModel"/>, for
/// <see cref="LevenbergMarquardtMinimizer"/>. MathNet's general <c>ObjectiveFunction.NonlinearModel</c>
/// allocates the model vector, the n×3 Jacobian, its transpose and two products at every step; the
/// minimiser only reads RSS, Jᵀr and JᵀJ, so they are summed here in one pass into buffers kept for the
/// whole fit, ln t is taken once, and Φ and exp(λΦ) of the value are reused by the Jacobian at the same point.
/// </summary>
/// <remarks>Not thread-safe: one instance per fit. The minimiser scales the returned gradient and Hessian in
/// place, so they are recomputed (lazily) after every <see cref="EvaluateAt"/>.</remarks>
sealed class WsbObjective : IObjectiveModel
{
    const double InverseSqrt2Pi = 0.39894228040143267794;

    readonly double[] _logT;
    readonly double[] _y;
    readonly double _m;
    readonly double[] _z;
    readonly double[] _phi;   // Φ(z)
    readonly double[] _grow;  // m·exp(λΦ)
    readonly double[] _residual;
    readonly Vector<double> _gradient = Vector<double>.Build.Dense(3);
    readonly Matrix<double> _hessian = Matrix<double>.Build.Dense(3, 3);
    bool _hasJacobian;
    double _value = double.NaN;

    public WsbObjective(IReadOnlyList<double> t, IReadOnlyList<double> y, double m)
    {
        var n = t.Count;
        _logT = new double[n];
        _y = new double[n];
        for (var i = 0; i < n; i++)
        {
            _logT[i] = Math.Log(t[i]);
            _y[i] = y[i];
        }
        _m = m;
        _z = new double[n];
        _phi = new double[n];
        _grow = new double[n];
        _residual = new double[n];
        Point = Vector<double>.Build.Dense(3);
    }

    public int Count => _y.Length;

    public Vector<double> Point { get; private set; }

    /// <summary>Residual sum of squares at <see cref="Point"/>; NaN when the point is not finite.</summary>
    public double Value => _value;

    /// <summary>
    /// The point with the smallest RSS evaluated since <see cref="SetParameters"/>: the minimiser's own
    /// iterate. Its result reports the last point evaluated instead, often a rejected trial step.
    /// </summary>
    public Vector<double>? BestPoint { get; private set; }

    public double BestValue { get; private set; } = double.PositiveInfinity;

    /// <summary>g = −Jᵀr, r = y − c (MathNet's sign).</summary>
    public Vector<double> Gradient
    {
        get
        {
            EnsureJacobian();
            return _gradient;
        }
    }

    /// <summary>JᵀJ, the Gauss–Newton Hessian.</summary>
    public Matrix<double> Hessian
    {
        get
        {
            EnsureJacobian();
            return _hessian;
        }
    }

    public Vector<double> ObservedY => Vector<double>.Build.Dense(_y);

    public Matrix<double>? Weights => null;

    public Vector<double> ModelValues => Vector<double>.Build.Dense(Count, i => _y[i] - _residual[i]);

    public int FunctionEvaluations { get; set; }

    public int JacobianEvaluations { get; set; }

    public int DegreeOfFreedom => Count - 3;

    public bool IsGradientSupported => true;

    public bool IsHessianSupported => true;

    public void SetParameters(Vector<double> initialGuess, List<bool>? isFixed = null)
    {
        if (isFixed is not null)
            throw new NotSupportedException("the WSB fit has no fixed parameters");
        Point = initialGuess;
        (BestPoint, BestValue) = (null, double.PositiveInfinity);
    }

    public void EvaluateAt(Vector<double> parameters)
    {
        Point = parameters;
        _hasJacobian = false;
        FunctionEvaluations++;
        double lambda = parameters[0], mu = parameters[1], sigma = parameters[2];
        if (!double.IsFinite(lambda) || !double.IsFinite(mu) || !double.IsFinite(sigma))
        {
            _value = double.NaN;
            return;
        }
        var rss = 0.0;
        for (var i = 0; i < _y.Length; i++)
        {
            var z = (_logT[i] - mu) / sigma;
            var phi = Normal.CDF(0, 1, z);
            var grow = _m * Math.Exp(lambda * phi);
            var r = _y[i] - (grow - _m);
            _z[i] = z;
            _phi[i] = phi;
            _grow[i] = grow;
            _residual[i] = r;
            rss += r * r;
        }
        _value = rss;
        if (rss < BestValue)
        {
            BestValue = rss;
            BestPoint = parameters.Clone();
        }
    }

    void EnsureJacobian()
    {
        if (_hasJacobian)
            return;
        _hasJacobian = true;
        JacobianEvaluations++;
        double lambda = Point[0], sigma = Point[2];
        double gl = 0, gm = 0, gs = 0, hll = 0, hlm = 0, hls = 0, hmm = 0, hms = 0, hss = 0;
        for (var i = 0; i < _y.Length; i++)
        {
            var z = _z[i];
            var jl = _grow[i] * _phi[i];
            var jm = -_grow[i] * lambda * InverseSqrt2Pi * Math.Exp(-0.5 * z * z) / sigma;
            var js = jm * z;
            var r = _residual[i];
            gl -= jl * r;
            gm -= jm * r;
            gs -= js * r;
            hll += jl * jl;
            hlm += jl * jm;
            hls += jl * js;
            hmm += jm * jm;
            hms += jm * js;
            hss += js * js;
        }
        _gradient[0] = gl;
        _gradient[1] = gm;
        _gradient[2] = gs;
        _hessian[0, 0] = hll;
        _hessian[0, 1] = _hessian[1, 0] = hlm;
        _hessian[0, 2] = _hessian[2, 0] = hls;
        _hessian[1, 1] = hmm;
        _hessian[1, 2] = _hessian[2, 1] = hms;
        _hessian[2, 2] = hss;
    }

    public IObjectiveModel Fork() => throw new NotSupportedException("only LevenbergMarquardtMinimizer uses this model");

    public IObjectiveModel CreateNew() => throw new NotSupportedException("only LevenbergMarquardtMinimizer uses this model");

    public IObjectiveFunction ToObjectiveFunction() => throw new NotSupportedException("only LevenbergMarquardtMinimizer uses this model");
}
