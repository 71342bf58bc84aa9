namespace OpenAccess.Lineage.Inference;

/// <summary>The limits of parent recovery, each a setting with its default (docs/lineage.md "Undeclared parents").</summary>
public sealed record InferenceOptions
{
    public static InferenceOptions Default { get; } = new();

    /// <summary>
    /// Models that may share a matched name (or config shape) for it to give a link: a name that many models carry
    /// (<c>Llama-2-7b</c> re-uploaded by hundreds) says nothing about which one is the parent, so it gives no link.
    /// </summary>
    public int MaxNameMatches { get; init; } = 20;

    /// <summary>Models that may share a config shape for the shape alone to give a link.</summary>
    public int MaxShapeMatches { get; init; } = 20;

    /// <summary>Tokens of a model name that are looked at; the name matching is quadratic in them, so they are capped.</summary>
    public int MaxNameTokens { get; init; } = 24;

    /// <summary>
    /// Hub ids named in one card that are kept and looked up, the first in card order; the rest are ignored. The Harvester keeps
    /// as many (<c>OpenAccess:Harvester:MaxCardModelMentions</c>, 32), so with both defaults every mention it reads is used.
    /// </summary>
    public int MaxCardMentions { get; init; } = 32;

    /// <summary>Candidates below this confidence are not reported.</summary>
    public double MinimumConfidence { get; init; } = 0.3;

    /// <summary>Candidates reported per model (the first is the link; the others are alternatives).</summary>
    public int MaxCandidates { get; init; } = 3;

    /// <summary>Models the cycle check may visit walking up from a candidate; past it the link is refused, not guessed safe.</summary>
    public int MaxCycleWalk { get; init; } = 100_000;

    public void Validate(string prefix)
    {
        Range(prefix, nameof(MaxNameMatches), MaxNameMatches, 1, 100_000);
        Range(prefix, nameof(MaxShapeMatches), MaxShapeMatches, 1, 100_000);
        Range(prefix, nameof(MaxNameTokens), MaxNameTokens, 2, 256);
        Range(prefix, nameof(MaxCardMentions), MaxCardMentions, 0, 10_000);
        Range(prefix, nameof(MaxCandidates), MaxCandidates, 1, 100);
        Range(prefix, nameof(MaxCycleWalk), MaxCycleWalk, 1, 100_000_000);
        if (!(MinimumConfidence is >= 0 and <= 1))
            throw new InvalidOperationException($"{prefix}:{nameof(MinimumConfidence)} must be a number from 0 to 1, not {MinimumConfidence}.");
    }

    static void Range(string prefix, string key, int value, int min, int max)
    {
        if (value < min || value > max)
            throw new InvalidOperationException($"{prefix}:{key} must be a whole number from {min:N0} to {max:N0}, not {value}.");
    }
}
