namespace OpenAccess.Harvester.Hub;

/// <summary>Bound from <c>OpenAccess:Harvester:Configs</c>: fetching family roots' <c>config.json</c> after each run.</summary>
public sealed class ConfigFileOptions
{
    public const string Section = "OpenAccess:Harvester:Configs";

    /// <summary>Fetch config.json for the family roots a run names; false fetches none (and counts no parents).</summary>
    public bool Fetch { get; set; } = true;

    /// <summary>Largest config.json read, in bytes; a larger one is refused unread (real ones are 0.5–10 KB; 1 MiB leaves room).</summary>
    public long MaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Files fetched after one run at most, the roots with the most derivatives in the run first; the rest wait for a later run.</summary>
    public int MaxPerRun { get; set; } = 200;

    /// <summary>Files fetched at once (the Hub's resolver quota is its own: 3,000 requests per 5 minutes anonymously).</summary>
    public int Concurrency { get; set; } = 2;

    public ConfigFileOptions Validate()
    {
        if (MaxBytes < 1) throw new InvalidOperationException($"{Section}:MaxBytes must be at least 1.");
        if (MaxPerRun < 0) throw new InvalidOperationException($"{Section}:MaxPerRun must be 0 or more.");
        if (Concurrency < 1) throw new InvalidOperationException($"{Section}:Concurrency must be at least 1.");
        return this;
    }
}
