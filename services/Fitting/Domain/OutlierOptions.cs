namespace OpenAccess.Fitting.Domain;

public sealed record OutlierOptions
{
    public static OutlierOptions Default { get; } = new();

    public double MinimumRSquared { get; init; } = 0.9;

    /// <summary>How many robust standard deviations (1.4826 · MAD) a month's scaled excess must lie above the median.</summary>
    public double JumpThreshold { get; init; } = 4.0;

    /// <summary>And by at least this many derivatives, so one extra fine-tune in a tiny family is not a surge.</summary>
    public double MinimumJump { get; init; } = 5.0;
}
