namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// Rented GPUs cost GPUs × price per GPU-hour whether busy or idle. At full load a request costs that hourly
/// price × seconds per request / 3,600 / concurrent requests.
/// </summary>
public static class SelfHostingCostCalculator
{
    public static SelfHostingCost FromLatency(
        int gpuCount, decimal pricePerGpuHour, RequestProfile request, decimal secondsPerRequest, int concurrentRequests = 1)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var hourly = HourlyCost(gpuCount, pricePerGpuHour);
        if (secondsPerRequest <= 0) throw new AccessCalculationException($"Seconds per request is {secondsPerRequest}; it must be positive.");
        if (concurrentRequests <= 0) throw new AccessCalculationException($"Concurrent requests is {concurrentRequests}; it must be at least 1.");

        return Figures.Checked("The self-hosted cost", () =>
        {
            var requestsPerHour = 3600m / secondsPerRequest * concurrentRequests;
            var perRequest = hourly * secondsPerRequest / 3600m / concurrentRequests;
            return new SelfHostingCost(
                HourlyCost: hourly,
                DailyCost: hourly * 24,
                AnnualCost: hourly * EnergyCostCalculator.HoursPerYear,
                RequestsPerHour: requestsPerHour,
                CostPerRequest: perRequest,
                CostPerMillionTokens: perRequest / request.TotalTokens * 1_000_000m,
                CostPerMillionInputTokens: request.InputTokens == 0 ? 0 : perRequest / request.InputTokens * 1_000_000m);
        });
    }

    /// <summary>Cost per million generated tokens at a sustained throughput (all GPUs together, tokens per second).</summary>
    public static decimal CostPerMillionTokens(int gpuCount, decimal pricePerGpuHour, decimal tokensPerSecond)
    {
        var hourly = HourlyCost(gpuCount, pricePerGpuHour);
        if (tokensPerSecond <= 0) throw new AccessCalculationException($"Throughput is {tokensPerSecond} tokens/s; it must be positive.");
        return Figures.Checked("The cost per million tokens", () => hourly / (tokensPerSecond * 3600m) * 1_000_000m);
    }

    private static decimal HourlyCost(int gpuCount, decimal pricePerGpuHour)
    {
        if (gpuCount <= 0) throw new AccessCalculationException($"GPU count is {gpuCount}; it must be at least 1.");
        if (pricePerGpuHour < 0) throw new AccessCalculationException($"GPU-hour price is {pricePerGpuHour}; it cannot be negative.");
        return Figures.Checked(() => $"The hourly price of {gpuCount:N0} GPUs", () => gpuCount * pricePerGpuHour);
    }
}
