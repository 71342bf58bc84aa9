using MathNet.Numerics.Statistics;

namespace OpenAccess.Fitting.Domain;

/// <summary>
/// Flags families the model cannot follow: a low R², or a month whose new derivatives exceed the
/// model's by far more than the other months do. Residuals of a cumulative series carry every earlier
/// error, so the rule looks at the month-on-month change of the residual (observed minus expected new
/// derivatives). Counts are Poisson-like, so a busy month varies more than a quiet one: each excess
/// is divided by √(expected new derivatives), and the spread is the median/MAD of those, which the
/// jump itself cannot inflate.
/// </summary>
public sealed class OutlierDetector(OutlierOptions? options = null)
{
    const double MadToSigma = 1.4826;

    public OutlierOptions Options { get; } = options ?? OutlierOptions.Default;

    public IReadOnlyList<AdoptionOutlier> Detect(IReadOnlyList<AdoptionObservation> series, WsbFit fit)
    {
        if (!fit.IsFitted || fit.Parameters is null || series.Count < 3)
            return [];
        var outliers = new List<AdoptionOutlier>();
        if (fit.RSquared < Options.MinimumRSquared)
            outliers.Add(new AdoptionOutlier(OutlierKind.PoorFit, null,
                $"R² {fit.RSquared:0.000} is below {Options.MinimumRSquared:0.00}: the curve does not follow this series"));

        var expected = series.Select(o => WsbModel.Cumulative(o.MonthIndex, fit.M, fit.Parameters)).ToArray();
        var excess = new double[series.Count - 1];
        var scaled = new double[series.Count - 1];
        for (var i = 1; i < series.Count; i++)
        {
            var expectedNew = expected[i] - expected[i - 1];
            excess[i - 1] = series[i].CumulativeDerivatives - series[i - 1].CumulativeDerivatives - expectedNew;
            scaled[i - 1] = excess[i - 1] / Math.Sqrt(Math.Max(expectedNew, 1));
        }
        var median = scaled.Median();
        var spread = Math.Max(MadToSigma * scaled.Select(e => Math.Abs(e - median)).Median(), 1.0);
        for (var i = 0; i < scaled.Length; i++)
        {
            var score = (scaled[i] - median) / spread;
            if (score > Options.JumpThreshold && excess[i] >= Options.MinimumJump)
            {
                var month = series[i + 1];
                var added = month.CumulativeDerivatives - series[i].CumulativeDerivatives;
                outliers.Add(new AdoptionOutlier(OutlierKind.AbruptJump, month.MonthIndex,
                    $"month {month.MonthIndex} added {added:0} derivatives, {excess[i]:0} more than the model expects: " +
                    $"{score:0.0} times the usual spread of the other months"));
            }
        }
        return outliers;
    }
}
