using OpenAccess.Contracts;

namespace OpenAccess.Harvester.Domain;

/// <summary>What one model record may hold: parents, id length, and the range its dates must lie in; and how much of its card is read.</summary>
public sealed record RecordLimits(int MaxParents, int MaxIdLength, DateTimeOffset Earliest, DateTimeOffset Latest)
{
    /// <summary>Characters of a model card's text scanned for headings and links; the rest is not read (the card says it was truncated).</summary>
    public int MaxCardScanChars { get; init; } = 200_000;

    /// <summary>Headings of a card kept.</summary>
    public int MaxCardHeadings { get; init; } = 64;

    /// <summary>Links of each kind (code repositories, datasets) kept from a card, and code or licence file names kept from a file list.</summary>
    public int MaxListedItems { get; init; } = 16;

    /// <summary>Hub models a card names that are kept (<see cref="ModelCardSummary.ModelMentions"/>), the first in card order.</summary>
    public int MaxCardModelMentions { get; init; } = 32;

    /// <summary>The defaults of <c>OpenAccess:Harvester</c> at the current time (tests, benchmarks and tools that read records outside a run).</summary>
    public static RecordLimits Default => new(256, ModelIds.DefaultMaxLength, new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.UtcNow.AddDays(1));
}
