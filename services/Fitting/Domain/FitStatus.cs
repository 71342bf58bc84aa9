namespace OpenAccess.Fitting.Domain;

/// <summary>Outcome of a fit. Only <see cref="Fitted"/> carries parameters.</summary>
public enum FitStatus
{
    Fitted,
    /// <summary>Too few months, or too few months with new derivatives, to pin three parameters.</summary>
    NotEnoughData,
    /// <summary>No derivative in any month.</summary>
    NoAdoption,
    /// <summary>Derivatives only in the first month of the series and none since: no curve to follow.</summary>
    NoGrowth,
    /// <summary>A count is NaN, infinite, negative or falls from one month to the next.</summary>
    InvalidCounts,
    /// <summary>Month indexes are not ≥ 1 and strictly increasing.</summary>
    InvalidMonths,
    /// <summary>No starting point led the optimiser to a usable minimum.</summary>
    DidNotConverge,
}
