namespace OpenAccess.Lineage.Extensions;

/// <summary>Bound from <c>OpenAccess:Lineage</c>; validated at start-up.</summary>
public sealed class LineageOptions
{
    /// <summary>How often changed families' adoption series are published (coalesced): at most once per family per interval.</summary>
    public TimeSpan AdoptionInterval { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (AdoptionInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("OpenAccess:Lineage:AdoptionInterval must be a positive time span, e.g. 00:00:30.");
        }
    }
}
