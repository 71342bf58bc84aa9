namespace OpenAccess.Evaluator.Domain;

/// <summary>Memory the weights occupy: parameters × bits per weight / 8, rounded up to whole bytes.</summary>
public static class WeightsMemoryCalculator
{
    public static ByteSize Calculate(long parameters, Precision precision, int groupSize = PrecisionFormats.DefaultGroupSize)
    {
        if (parameters <= 0) throw new AccessCalculationException($"Parameter count is {parameters}; it must be positive.");
        var bits = PrecisionFormats.BitsPerWeight(precision, groupSize);
        return Figures.Bytes(() => $"The {precision} weights of {parameters:N0} parameters", parameters * bits / 8);
    }

    /// <summary>The weights in every precision the profile reports, FP32 to INT4.</summary>
    public static IReadOnlyDictionary<Precision, ByteSize> AllPrecisions(long parameters) =>
        Enum.GetValues<Precision>().ToDictionary(p => p, p => Calculate(parameters, p));
}
