namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Energy drawn in a year (<c>KilowattHours</c>) and its price in US dollars (<c>Cost</c>), unrounded, at <c>Utilisation</c>:
/// the fraction of the year at full board power (1, seed 001's "continuously running", unless the caller said otherwise).
/// </summary>
public sealed record AnnualEnergyCost(int GpuCount, decimal KilowattHours, decimal Cost)
{
    public decimal Utilisation { get; init; } = 1m;
}

/// <summary>Energy per year = GPUs × kW per GPU × 8,760 h × duty cycle; cost = that × price per kWh.</summary>
public static class EnergyCostCalculator
{
    public const decimal HoursPerYear = 365 * 24;

    /// <summary>
    /// <c>dutyCycle</c> is the fraction of the year the GPUs draw their full board power; 1 (flat out all year) is the
    /// paper's assumption.
    /// </summary>
    public static AnnualEnergyCost Annual(int gpuCount, int wattsPerGpu, decimal pricePerKwh, decimal dutyCycle = 1m)
    {
        if (gpuCount <= 0) throw new AccessCalculationException($"GPU count is {gpuCount}; it must be at least 1.");
        if (wattsPerGpu <= 0) throw new AccessCalculationException($"Power per GPU is {wattsPerGpu} W; it must be positive.");
        if (pricePerKwh < 0) throw new AccessCalculationException($"Energy price is {pricePerKwh} per kWh; it cannot be negative.");
        if (dutyCycle is < 0 or > 1) throw new AccessCalculationException($"Duty cycle is {dutyCycle}; it must be between 0 and 1.");

        return Figures.Checked(() => $"The yearly energy of {gpuCount:N0} GPUs", () =>
        {
            var kilowattHours = gpuCount * (wattsPerGpu / 1000m) * HoursPerYear * dutyCycle;
            return new AnnualEnergyCost(gpuCount, kilowattHours, kilowattHours * pricePerKwh) { Utilisation = dutyCycle };
        });
    }

    public static AnnualEnergyCost Annual(int gpuCount, Gpu gpu, EnergyRegion region, decimal dutyCycle = 1m) =>
        Annual(gpuCount, gpu.TdpWatts, region.PricePerKwhUsd, dutyCycle);
}
