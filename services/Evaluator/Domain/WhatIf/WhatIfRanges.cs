using System.Globalization;

namespace OpenAccess.Evaluator.Domain;

/// <summary>Refuses a what-if number outside its plausible range (<see cref="InputLimits"/>), naming the body field and the range.</summary>
public static class WhatIfRanges
{
    /// <exception cref="AccessCalculationException">The first number out of range.</exception>
    public static void Check(WhatIfInput input, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        if (input.ContextTokens is { } context) Within("Context length", "contextTokens", context, 1, limits.MaxContextTokens);
        Within("Batch size", "batchSize", input.BatchSize, 1, limits.MaxBatchSize);
        Within("Overhead fraction", "overheadFraction", input.OverheadFraction, 0, InferenceMemoryCalculator.MaxOverheadFraction);
        if (input.ParameterCount is { } parameters) Within("Parameter count", "parameterCount", parameters, 1, limits.MaxParameterCount);
        if (input.GpuHourPriceUsd is { } price) Within("GPU-hour price", "gpuHourPriceUsd", price, 0, limits.MaxGpuHourPriceUsd);
        if (input.SecondsPerRequest is { } seconds) Within("Latency", "secondsPerRequest", seconds, limits.MinSecondsPerRequest, limits.MaxSecondsPerRequest);
        if (input.TokensPerSecond is { } throughput) Within("Throughput", "tokensPerSecond", throughput, limits.MinTokensPerSecond, limits.MaxTokensPerSecond);
        Within("Energy utilisation", "energyUtilisation", input.EnergyUtilisation, 0m, 1m);
        if (input.Request is { } request)
        {
            Within("Input tokens", "request.inputTokens", request.InputTokens, 0, limits.MaxContextTokens);
            Within("Output tokens", "request.outputTokens", request.OutputTokens, 0, limits.MaxContextTokens);
        }
    }

    private static void Within<T>(string what, string field, T value, T min, T max) where T : IComparable<T>, IFormattable
    {
        if (value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0) return;
        // A double can be 1e300: shown in exponent form, not as 301 digits.
        var shown = value is double d ? d.ToString("G6", CultureInfo.InvariantCulture) : value.ToString("#,0.############################", CultureInfo.InvariantCulture);
        throw new AccessCalculationException($"{what} is {shown} ({field}); accepted: {InputLimits.Range(min, max)}.", field, $"from {InputLimits.Range(min, max)}");
    }
}
