using System.Globalization;
using OpenAccess.Fitting.Domain;

namespace OpenAccess.Fitting.Extensions;

/// <summary>Bound from <c>OpenAccess:Fitting</c> and validated at start-up.</summary>
public sealed class FittingOptions
{
    public const string Section = "OpenAccess:Fitting";
    public const string EstimateM = "estimate";

    /// <summary>"estimate" (profiled over all stored families) or a fixed positive number.</summary>
    public string M { get; set; } = EstimateM;

    /// <summary>m used while estimating and before the first estimate (10 is the estimate on the bundled snapshot).</summary>
    public double InitialM { get; set; } = 10;

    /// <summary>How often m is re-estimated; families are refitted when it changes.</summary>
    public TimeSpan MEstimationInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Months forecast with every fit (stored and published).</summary>
    public int ForecastHorizonMonths { get; set; } = 12;

    /// <summary>Longest horizon the forecast endpoint accepts.</summary>
    public int MaximumHorizonMonths { get; set; } = 60;

    /// <summary>Bootstrap replicates behind each forecast band.</summary>
    public int BootstrapReplicates { get; set; } = 200;

    public OutlierThresholds Outliers { get; set; } = new();

    /// <summary>
    /// The Harvester's <c>GET /runs</c>, asked when a family is not found, to say whether the first start's import is still
    /// arriving: an absolute URL, or a path on this host (the Standalone host's <c>/api/harvest/runs</c>); empty: never asked.
    /// </summary>
    public string HarvestRunsUrl { get; set; } = "/api/harvest/runs";

    /// <summary>How long a 404 waits for the Harvester's answer before it goes without.</summary>
    public TimeSpan HarvestRunsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>After every consumer stored the first start's import, how long a 404 still says the families are being fitted.</summary>
    public TimeSpan FirstStartWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The configured m, or null when m is estimated.</summary>
    public double? FixedM => string.Equals(M.Trim(), EstimateM, StringComparison.OrdinalIgnoreCase)
        ? null : double.Parse(M, NumberStyles.Float, CultureInfo.InvariantCulture);

    public OutlierOptions OutlierOptions => new()
    {
        MinimumRSquared = Outliers.MinimumRSquared, JumpThreshold = Outliers.JumpThreshold, MinimumJump = Outliers.MinimumJump,
    };

    public static FittingOptions Load(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<FittingOptions>() ?? new FittingOptions();
        options.Validate();
        return options;
    }

    public void Validate()
    {
        var isEstimate = string.Equals(M?.Trim(), EstimateM, StringComparison.OrdinalIgnoreCase);
        if (!isEstimate && !(double.TryParse(M, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && double.IsFinite(m) && m > 0))
            Fail("M", $"must be '{EstimateM}' or a positive number, not '{M}'");
        if (!double.IsFinite(InitialM) || InitialM <= 0)
            Fail("InitialM", $"must be a positive number, not {InitialM}");
        if (MEstimationInterval < TimeSpan.FromSeconds(1))
            Fail("MEstimationInterval", $"must be at least 00:00:01, not {MEstimationInterval}");
        if (MaximumHorizonMonths is < 1 or > 600)
            Fail("MaximumHorizonMonths", $"must be between 1 and 600, not {MaximumHorizonMonths}");
        if (ForecastHorizonMonths < 1 || ForecastHorizonMonths > MaximumHorizonMonths)
            Fail("ForecastHorizonMonths", $"must be between 1 and MaximumHorizonMonths ({MaximumHorizonMonths}), not {ForecastHorizonMonths}");
        if (BootstrapReplicates is < 20 or > 10_000)
            Fail("BootstrapReplicates", $"must be between 20 and 10000 (fewer cannot give 2.5 and 97.5 percentiles), not {BootstrapReplicates}");
        if (!string.IsNullOrWhiteSpace(HarvestRunsUrl) && !HarvestRunsUrl.StartsWith('/')
            && !(Uri.TryCreate(HarvestRunsUrl, UriKind.Absolute, out var runs) && runs.Scheme is "http" or "https"))
            Fail("HarvestRunsUrl", $"must be empty, a path on this host (/api/harvest/runs) or an http(s) URL, not '{HarvestRunsUrl}'");
        if (HarvestRunsTimeout <= TimeSpan.Zero || HarvestRunsTimeout > TimeSpan.FromMinutes(1))
            Fail("HarvestRunsTimeout", $"must be more than 0 and at most 00:01:00, not {HarvestRunsTimeout}");
        if (FirstStartWindow < TimeSpan.Zero)
            Fail("FirstStartWindow", $"must be 0 or more, not {FirstStartWindow}");
        if (!(Outliers.MinimumRSquared is >= 0 and <= 1))
            Fail("Outliers:MinimumRSquared", $"must be between 0 and 1, not {Outliers.MinimumRSquared}");
        if (!double.IsFinite(Outliers.JumpThreshold) || Outliers.JumpThreshold <= 0)
            Fail("Outliers:JumpThreshold", $"must be a positive number of robust standard deviations, not {Outliers.JumpThreshold}");
        if (!double.IsFinite(Outliers.MinimumJump) || Outliers.MinimumJump < 0)
            Fail("Outliers:MinimumJump", $"must be 0 or more derivatives, not {Outliers.MinimumJump}");
    }

    static void Fail(string key, string problem) =>
        throw new InvalidOperationException($"{Section}:{key} {problem}.");
}

/// <summary>Bound from <c>OpenAccess:Fitting:Outliers</c>; see <see cref="OutlierOptions"/>.</summary>
public sealed class OutlierThresholds
{
    public double MinimumRSquared { get; set; } = OutlierOptions.Default.MinimumRSquared;
    public double JumpThreshold { get; set; } = OutlierOptions.Default.JumpThreshold;
    public double MinimumJump { get; set; } = OutlierOptions.Default.MinimumJump;
}
