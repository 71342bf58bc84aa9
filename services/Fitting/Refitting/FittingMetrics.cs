using System.Diagnostics.Metrics;

namespace OpenAccess.Fitting.Refitting;

/// <summary>The service's OpenTelemetry instruments (ServiceDefaults exports every "OpenAccess.*" meter).</summary>
public static class FittingMetrics
{
    public const string MeterName = "OpenAccess.Fitting";

    public const string FitDurationName = "openaccess.fitting.fit.duration";

    static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// Seconds to refit one family: the WSB fit, its bootstrap band (one refit per replicate) and outliers.
    /// Tagged <c>status</c> with the published status word (fitted, not-enough-data, invalid-series, did-not-converge).
    /// </summary>
    static readonly Histogram<double> FitDuration = Meter.CreateHistogram<double>(
        FitDurationName, unit: "s", description: "Time to refit one family: WSB fit, bootstrap forecast band and outliers");

    public static void RecordFit(TimeSpan elapsed, string status) =>
        FitDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("status", status));
}
