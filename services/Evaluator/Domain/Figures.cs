namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Computes one named figure. The Evaluator's arithmetic is checked (<c>CheckForOverflowUnderflow</c>), so nothing
/// wraps; an overflow becomes an <see cref="AccessCalculationException"/> that says which figure could not be held.
/// </summary>
public static class Figures
{
    public static T Checked<T>(string figure, Func<T> compute) => Checked(figure, static name => name, compute);

    /// <summary>
    /// <see cref="Checked{T}(string,Func{T})"/> with a name made only when the figure cannot be held: a profile computes some
    /// hundred named figures, and formatting each name (counts, sizes in GB and GiB) every time was a few percent of the
    /// Evaluator's consumer and most of its garbage per figure (docs/pipeline.md, "Session 13").
    /// </summary>
    public static T Checked<T>(Func<string> figure, Func<T> compute) => Checked(figure, static name => name(), compute);

    /// <summary>A size computed in floating point, in whole bytes (rounded up); refused when beyond 2^63 − 1 bytes.</summary>
    public static ByteSize Bytes(string figure, double bytes) => Bytes(figure, static name => name, bytes);

    /// <summary><see cref="Bytes(string,double)"/> with a name made only when the size is refused.</summary>
    public static ByteSize Bytes(Func<string> figure, double bytes) => Bytes(figure, static name => name(), bytes);

    static T Checked<TName, T>(TName figure, Func<TName, string> name, Func<T> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        try
        {
            return compute();
        }
        catch (Exception e) when (e is OverflowException or DivideByZeroException)
        {
            throw new AccessCalculationException($"{name(figure)} is too large to compute from these inputs.");
        }
    }

    static ByteSize Bytes<TName>(TName figure, Func<TName, string> name, double bytes) =>
        double.IsFinite(bytes) && bytes >= 0 && Math.Ceiling(bytes) < long.MaxValue
            ? new ByteSize((long)Math.Ceiling(bytes))
            : throw new AccessCalculationException($"{name(figure)} is {bytes:E3} bytes, too large to compute (at most 9.2e18 bytes).");
}
