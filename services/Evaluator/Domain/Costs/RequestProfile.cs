namespace OpenAccess.Evaluator.Domain;

/// <summary>The tokens of one request: prompt in, completion out.</summary>
public sealed record RequestProfile(int InputTokens, int OutputTokens)
{
    // 64 bits: two 32-bit counts cannot overflow their sum.
    public long TotalTokens => (long)InputTokens + OutputTokens;

    internal void Validate()
    {
        if (InputTokens < 0 || OutputTokens < 0 || TotalTokens == 0)
            throw new AccessCalculationException($"A request of {InputTokens} input and {OutputTokens} output tokens is not valid; counts must be non-negative and not both zero.");
    }
}
