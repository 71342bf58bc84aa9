using OpenAccess.Lineage.Domain;
using OpenAccess.Lineage.Domain.Statistics;

namespace OpenAccess.Lineage.Extensions;

/// <summary>Bound from <c>OpenAccess:Lineage</c>; validated at start-up. Each limit is documented in docs/lineage.md.</summary>
public sealed class LineageOptions
{
    /// <summary>How often changed families' adoption series are published (coalesced): at most once per family per interval.</summary>
    public TimeSpan AdoptionInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest one <c>FamilyAdoptionChanged</c> publish of a sweep may wait for the broker's confirm; past it the sweep gives up,
    /// its families wait for the next one. A confirm comes in milliseconds, but one lost with a dropped connection never comes.
    /// </summary>
    public TimeSpan AdoptionPublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Links on the longest chain from a root to a model; a link that would make a longer one is refused.</summary>
    public int MaxDepth { get; set; } = GraphLimits.Default.MaxDepth;

    /// <summary>Parent links kept per model (the first listed); the rest are cut, and the model says so.</summary>
    public int MaxParents { get; set; } = GraphLimits.Default.MaxParents;

    /// <summary>Characters in a model id; a longer one is not stored.</summary>
    public int MaxIdLength { get; set; } = GraphLimits.Default.MaxIdLength;

    /// <summary>
    /// Ancestor paths one answer may hold (the largest 'maxPaths' accepted, and its default); past it the answer says it
    /// was truncated. Each path has up to MaxDepth steps, so this bounds the answer's size too.
    /// </summary>
    public int MaxAncestorPaths { get; set; } = 100;

    /// <summary>
    /// The Harvester's <c>GET /runs</c>, asked when a model or family is not found, to say whether the first start's import is
    /// still being stored: a path on this host (the Standalone host), an http(s) URL, or empty to never ask.
    /// </summary>
    public string HarvestRunsUrl { get; set; } = "/api/harvest/runs";

    /// <summary>How long a 404 waits for the Harvester's answer before it goes without.</summary>
    public TimeSpan HarvestRunsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Points (weeks or months) in one time series of /stats; a longer one is a 400 naming 'from', 'to' and 'period'.</summary>
    public int MaxSeriesPoints { get; set; } = EcosystemStatistics.DefaultMaxPoints;

    /// <summary>
    /// Keeps the graph with the leaderboard's base-model links (<c>links=all</c>, docs/lineage.md "Leaderboard links"): a second
    /// graph of every Hub model, so about the graph's memory and write cost again (docs/lineage.md "Memory and cost": a graph is
    /// about 37 MiB at 200,000 models). True by default; a deployment at Hub scale that does not ask for <c>links=all</c>
    /// turns it off, and <c>links=all</c> then answers 400 naming this setting.
    /// </summary>
    public bool LeaderboardLinkGraph { get; set; } = true;

    /// <summary>Creation dates before this are not plausible (the Hub opened to models in 2016): such a model is undated.</summary>
    public DateTimeOffset EarliestCreatedAt { get; set; } = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far past the current time a creation date may lie (clock skew) before the model is treated as undated.</summary>
    public TimeSpan FutureCreatedAtTolerance { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Recovery of undeclared parents (<c>OpenAccess:Lineage:Inference</c>): on or off, how often, its limits.</summary>
    public Graph.InferenceSettings Inference { get; set; } = new();

    public GraphLimits GraphLimits => new() { MaxDepth = MaxDepth, MaxParents = MaxParents, MaxIdLength = MaxIdLength };

    public void Validate()
    {
        if (AdoptionInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("OpenAccess:Lineage:AdoptionInterval must be a positive time span, e.g. 00:00:30.");
        }

        if (AdoptionPublishTimeout <= TimeSpan.Zero || AdoptionPublishTimeout > TimeSpan.FromHours(1))
            throw new InvalidOperationException($"OpenAccess:Lineage:AdoptionPublishTimeout must be more than 0 and at most 01:00:00, e.g. 00:00:10, not {AdoptionPublishTimeout}.");

        Range(nameof(MaxDepth), MaxDepth, 1, 100_000);
        Inference.Validate();
        Range(nameof(MaxParents), MaxParents, 1, 100_000);
        Range(nameof(MaxIdLength), MaxIdLength, 8, 10_000);
        Range(nameof(MaxAncestorPaths), MaxAncestorPaths, 1, 1_000_000);
        Range(nameof(MaxSeriesPoints), MaxSeriesPoints, 10, 10_000_000);
        if (FutureCreatedAtTolerance < TimeSpan.Zero)
        {
            throw new InvalidOperationException("OpenAccess:Lineage:FutureCreatedAtTolerance must be zero or positive, e.g. 1.00:00:00.");
        }

        if (!string.IsNullOrWhiteSpace(HarvestRunsUrl) && !HarvestRunsUrl.StartsWith('/')
            && !(Uri.TryCreate(HarvestRunsUrl, UriKind.Absolute, out var runs) && runs.Scheme is "http" or "https"))
            throw new InvalidOperationException($"OpenAccess:Lineage:HarvestRunsUrl must be empty, a path on this host (/api/harvest/runs) or an http(s) URL, not '{HarvestRunsUrl}'.");
        if (HarvestRunsTimeout <= TimeSpan.Zero || HarvestRunsTimeout > TimeSpan.FromMinutes(1))
            throw new InvalidOperationException($"OpenAccess:Lineage:HarvestRunsTimeout must be more than 0 and at most 00:01:00, not {HarvestRunsTimeout}.");
    }

    static void Range(string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new InvalidOperationException($"OpenAccess:Lineage:{key} must be a whole number from {min:N0} to {max:N0}, not {value}.");
        }
    }
}
