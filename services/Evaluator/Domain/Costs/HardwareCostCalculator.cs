namespace OpenAccess.Evaluator.Domain;

/// <summary>Up-front GPU purchase (capex) = count × price per GPU. Servers, networking and labour are not included.</summary>
public static class HardwareCostCalculator
{
    /// <returns>Null when the catalogue has no sourced price for the GPU.</returns>
    public static decimal? Capex(Gpu gpu, int gpuCount)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        if (gpuCount <= 0) throw new AccessCalculationException($"GPU count is {gpuCount}; it must be at least 1.");
        return Figures.Checked(() => $"The capex of {gpuCount:N0} GPUs", () => gpu.PriceUsd * gpuCount);
    }
}
