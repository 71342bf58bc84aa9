namespace OpenAccess.Harvester.Hub;

/// <summary>Bound from <c>OpenAccess:Harvester:Hub</c>; the token from <c>HF_TOKEN</c>.</summary>
public sealed class HubOptions
{
    public const string Section = "OpenAccess:Harvester:Hub";

    /// <summary>Where the Hub API is (tests point it at a local server).</summary>
    public Uri BaseAddress { get; set; } = new("https://huggingface.co/");
    /// <summary>Where the datasets-server rows API is (leaderboard v2).</summary>
    public Uri DatasetsServerAddress { get; set; } = new("https://datasets-server.huggingface.co/");
    /// <summary>Sent as a bearer token when set; never logged.</summary>
    public string? Token { get; set; }
    public int PageSize { get; set; } = 1000;
    public List<string> Expand { get; set; } =
        ["author", "cardData", "config", "createdAt", "downloads", "gated", "lastModified", "library_name", "likes", "pipeline_tag", "safetensors", "sha", "siblings", "tags"];
    /// <summary>Model details fetched at once when a listing entry lacks config and safetensors.</summary>
    public int DetailConcurrency { get; set; } = 4;
    public bool FetchDetails { get; set; } = true;
    /// <summary>Incremental runs stop after this many pages in a row held nothing new or changed.</summary>
    public int StopAfterUnchangedPages { get; set; } = 1;
    /// <summary>Retries of a 5xx or a timeout (jittered exponential backoff from <see cref="RetryDelay"/>).</summary>
    public int MaxRetries { get; set; } = 4;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Refetches of a body that is not valid JSON (cut short) before the request counts as failed.</summary>
    public int InvalidBodyRetries { get; set; } = 2;
    /// <summary>429 answers waited out for one request before it counts as failed.</summary>
    public int MaxRateLimitWaits { get; set; } = 10;
    /// <summary>Longest single wait for a 429 or for pacing; the Hub's window is 5 minutes.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Wait after a 429 that says nothing of when to retry.</summary>
    public TimeSpan DefaultRateLimitWait { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Requests kept in hand in each window, so other clients of the same token are not starved.</summary>
    public int ReserveRequests { get; set; } = 5;
    public TimeSpan ProgressLogInterval { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (!BaseAddress.IsAbsoluteUri) throw new InvalidOperationException($"{Section}:BaseAddress must be an absolute URL.");
        if (PageSize is < 1 or > 1000) throw new InvalidOperationException($"{Section}:PageSize must be between 1 and 1000.");
        if (DetailConcurrency < 1) throw new InvalidOperationException($"{Section}:DetailConcurrency must be at least 1.");
        if (MaxRetries < 0) throw new InvalidOperationException($"{Section}:MaxRetries must be 0 or more.");
        if (RetryDelay <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:RetryDelay must be positive.");
        if (AttemptTimeout <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:AttemptTimeout must be positive.");
        if (InvalidBodyRetries < 0) throw new InvalidOperationException($"{Section}:InvalidBodyRetries must be 0 or more.");
        if (MaxRateLimitWait <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:MaxRateLimitWait must be positive.");
        if (ProgressLogInterval <= TimeSpan.Zero) throw new InvalidOperationException($"{Section}:ProgressLogInterval must be positive.");
        if (StopAfterUnchangedPages < 1) throw new InvalidOperationException($"{Section}:StopAfterUnchangedPages must be at least 1.");
    }
}
