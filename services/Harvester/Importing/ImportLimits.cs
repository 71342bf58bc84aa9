using OpenAccess.Harvester.Domain;

namespace OpenAccess.Harvester.Importing;

/// <summary>
/// Bound from <c>OpenAccess:Harvester</c>: what a record or a file may be before it is refused. The defaults leave a wide margin
/// over real data (docs/harvester.md, "Limits"): the largest real record is a crawl CSV row of 0.85 MB, real files compress 13–16:1,
/// real merges name a few dozen parents at most.
/// </summary>
public sealed class ImportLimits
{
    public const string Section = "OpenAccess:Harvester";

    /// <summary>Longest line (JSONL) or row (CSV, in characters) or whole results file. A longer JSONL line is quarantined and the run goes on; a longer CSV row or results file fails the run.</summary>
    public int MaxRecordBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Most bytes a gzip file may decompress to; past it the run fails.</summary>
    public long MaxDecompressedBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>Most decompressed bytes per compressed byte of a gzip file (checked once <see cref="RatioCheckedAfterBytes"/> are out); past it the run fails.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Decompressed bytes before the ratio is checked: a small file of repeated text may compress far better than real data and is harmless.</summary>
    public long RatioCheckedAfterBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Raw bytes of records read ahead in one batch: with the batches in flight, the bound on the memory records of hostile size can hold.</summary>
    public int MaxBatchBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Most distinct <c>base_model</c> parents a record may name; more is quarantined.</summary>
    public int MaxParentsPerModel { get; set; } = 256;

    /// <summary>Longest model id (<c>author/name</c>); a longer id is quarantined, a longer parent id dropped.</summary>
    public int MaxModelIdLength { get; set; } = ModelIds.DefaultMaxLength;

    /// <summary>A <c>createdAt</c> or <c>lastModified</c> before this is quarantined.</summary>
    public DateTimeOffset EarliestModelDate { get; set; } = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A <c>createdAt</c> or <c>lastModified</c> more than this after the harvest's clock is quarantined.</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Characters of a quarantined record kept (the rest is cut, and the entry says how long it was).</summary>
    public int MaxQuarantinedRawLength { get; set; } = 4096;

    /// <summary>Characters of a model card's text scanned for its headings and links (the card is untrusted text: the scan stops here).</summary>
    public int MaxCardScanChars { get; set; } = 200_000;

    /// <summary>Headings of a model card kept.</summary>
    public int MaxCardHeadings { get; set; } = 64;

    /// <summary>Links of each kind kept from a card, and code or licence file names kept from a file list.</summary>
    public int MaxListedItems { get; set; } = 16;

    /// <summary>Hub models a card names kept for Lineage (<c>card.modelMentions</c>: evidence of an undeclared parent).</summary>
    public int MaxCardModelMentions { get; set; } = 32;

    /// <summary>The limits of one record, read at <paramref name="now"/> by the harvest's clock.</summary>
    public RecordLimits ForRecordsAt(DateTimeOffset now) =>
        new(MaxParentsPerModel, MaxModelIdLength, EarliestModelDate, now + MaxFutureSkew)
        {
            MaxCardScanChars = MaxCardScanChars,
            MaxCardHeadings = MaxCardHeadings,
            MaxListedItems = MaxListedItems,
            MaxCardModelMentions = MaxCardModelMentions,
        };

    public void Validate()
    {
        if (MaxRecordBytes is < 1024 or > 512 * 1024 * 1024) throw Invalid(nameof(MaxRecordBytes), "between 1024 and 536870912", MaxRecordBytes);
        if (MaxDecompressedBytes < 1024) throw Invalid(nameof(MaxDecompressedBytes), "at least 1024", MaxDecompressedBytes);
        if (MaxCompressionRatio is < 2 or > 1100) throw Invalid(nameof(MaxCompressionRatio), "between 2 and 1100 (gzip cannot pass 1032:1)", MaxCompressionRatio);
        if (RatioCheckedAfterBytes < 0) throw Invalid(nameof(RatioCheckedAfterBytes), "0 or more", RatioCheckedAfterBytes);
        if (MaxBatchBytes < MaxRecordBytes) throw Invalid(nameof(MaxBatchBytes), $"at least {Section}:MaxRecordBytes ({MaxRecordBytes})", MaxBatchBytes);
        if (MaxParentsPerModel is < 1 or > 100_000) throw Invalid(nameof(MaxParentsPerModel), "between 1 and 100000", MaxParentsPerModel);
        if (MaxModelIdLength is < 3 or > 10_000) throw Invalid(nameof(MaxModelIdLength), "between 3 and 10000", MaxModelIdLength);
        if (MaxFutureSkew < TimeSpan.Zero) throw Invalid(nameof(MaxFutureSkew), "0 or more", MaxFutureSkew);
        if (MaxCardScanChars is < 0 or > 100_000_000) throw Invalid(nameof(MaxCardScanChars), "between 0 and 100000000", MaxCardScanChars);
        if (MaxCardHeadings is < 0 or > 10_000) throw Invalid(nameof(MaxCardHeadings), "between 0 and 10000", MaxCardHeadings);
        if (MaxListedItems is < 0 or > 10_000) throw Invalid(nameof(MaxListedItems), "between 0 and 10000", MaxListedItems);
        if (MaxCardModelMentions is < 0 or > 1_000) throw Invalid(nameof(MaxCardModelMentions), "between 0 and 1000", MaxCardModelMentions);
        if (MaxQuarantinedRawLength is < 0 or > 1024 * 1024) throw Invalid(nameof(MaxQuarantinedRawLength), "between 0 and 1048576", MaxQuarantinedRawLength);
    }

    static InvalidOperationException Invalid(string key, string accepted, object value) =>
        new($"{Section}:{key} must be {accepted} (got {value}).");
}
