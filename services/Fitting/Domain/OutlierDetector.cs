using MathNet.Numerics.Statistics;

namespace OpenAccess.Fitting.Domain;

/// <summary>
/// Flags families the model cannot follow: a low R², or a month whose new derivatives exceed the
/// model's by far more than the other months do. Residuals of a cumulative series carry every earlier
/// error, so the rule looks at the month-on-month change of the residual (observed minus expected new
/// derivatives), with a median/MAD spread that the jump itself cannot inflate.
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

        var residual = series.Select(o => o.CumulativeDerivatives - WsbModel.Cumulative(o.MonthIndex, fit.M, fit.Parameters)).ToArray();
        var excess = Enumerable.Range(1, series.Count - 1).Select(i => residual[i] - residual[i - 1]).ToArray();
        var median = excess.Median();
        var spread = Math.Max(MadToSigma * excess.Select(e => Math.Abs(e - median)).Median(), 1.0);
        for (var i = 0; i < excess.Length; i++)
        {
            var above = excess[i] - median;
            if (above > Options.JumpThreshold * spread && above >= Options.MinimumJump)
            {
                var month = series[i + 1];
                var added = month.CumulativeDerivatives - series[i].CumulativeDerivatives;
                outliers.Add(new AdoptionOutlier(OutlierKind.AbruptJump, month.MonthIndex,
                    $"month {month.MonthIndex} added {added:0} derivatives, {above:0} more than the model expects; " +
                    $"{above / spread:0.0} times the usual spread of {spread:0.0}"));
            }
        }
        return outliers;
    }
}
