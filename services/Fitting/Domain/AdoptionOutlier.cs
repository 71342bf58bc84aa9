namespace OpenAccess.Fitting.Domain;

public enum OutlierKind
{
    /// <summary>The model does not follow the series as a whole (R² below the threshold).</summary>
    PoorFit,
    /// <summary>One month brought far more derivatives than the model and the other months' residuals allow.</summary>
    AbruptJump,
}

/// <summary>A family the model cannot follow, and why.</summary>
/// <param name="Kind">Poor fit overall, or one abrupt month.</param>
/// <param name="MonthIndex">The month of the jump; null for a poor fit of the whole series.</param>
/// <param name="Reason">The figures behind the flag.</param>
public sealed record AdoptionOutlier(OutlierKind Kind, int? MonthIndex, string Reason);
