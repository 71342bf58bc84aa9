namespace OpenAccess.Evaluator.Domain;

/// <summary>
/// A GPU: <c>MemoryGb</c> as the vendor states it, in decimal gigabytes (10^9 bytes); <c>TdpWatts</c>, the maximum board
/// power from the vendor's datasheet (<c>Source</c>); <c>PriceUsd</c> per GPU with its <c>PriceSource</c>, null when no
/// source could be named.
/// </summary>
public sealed record Gpu(
    string Id,
    string Name,
    decimal MemoryGb,
    int TdpWatts,
    decimal? PriceUsd,
    string? PriceSource,
    string Source)
{
    public ByteSize Memory => ByteSize.FromGigabytes(MemoryGb);
}
