namespace OpenAccess.Harvester.Domain;

/// <summary>What one model record may hold: parents, id length, and the range its dates must lie in.</summary>
public sealed record RecordLimits(int MaxParents, int MaxIdLength, DateTimeOffset Earliest, DateTimeOffset Latest)
{
    /// <summary>The defaults of <c>OpenAccess:Harvester</c> at the current time (tests, benchmarks and tools that read records outside a run).</summary>
    public static RecordLimits Default => new(256, ModelIds.DefaultMaxLength, new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.UtcNow.AddDays(1));
}
