namespace OpenAccess.Fitting.Domain;

/// <summary>Outcome of a fit. Only <see cref="Fitted"/> and <see cref="AtBound"/> carry parameters.</summary>
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
    /// <summary>
    /// Converged with a parameter on (within 1e-4 of the range of) a bound, named in <see cref="WsbFit.ParametersAtBound"/>:
    /// its value is where the search stopped, not a measurement, and the forecast that follows from it is unreliable.
    /// Appended last so that stored numbers of the other statuses keep their meaning.
    /// </summary>
    AtBound,
}
