namespace OpenAccess.Harvester.Storage;

/// <summary>
/// What fetching a repository's <c>config.json</c> at one revision came to, kept so the same repo@revision is not fetched
/// again. <see cref="Final"/> is false for a failure that may pass (the network, a 5xx or 429 after every retry, a 401 or
/// 403 without a token), which the next pass tries again.
/// </summary>
public sealed record ConfigFileEntry
{
    public required string ModelId { get; init; }
    public required string Revision { get; init; }
    /// <summary>The file as fetched (UTF-8 JSON); null when it was not harvested.</summary>
    public string? Json { get; init; }
    public string? Failure { get; init; }
    public bool Final { get; init; }
    /// <summary>Refused (401/403) with no token configured: fetched again once <c>HF_TOKEN</c> is set.</summary>
    public bool RefusedWithoutToken { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
    /// <summary>Null for the Hub's file; <see cref="Hub.BundledConfigFiles.Source"/> for a copy shipped with the host's seed.</summary>
    public string? Source { get; init; }

    public string Key => KeyOf(ModelId, Revision);

    public static string KeyOf(string modelId, string revision) => $"{modelId}@{revision}";
}
