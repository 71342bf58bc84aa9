namespace OpenAccess.Harvester.Publishing;

/// <summary>Bound from <c>OpenAccess:Harvester:Publish</c>.</summary>
public sealed class PublishOptions
{
    public const string Section = "OpenAccess:Harvester:Publish";

    /// <summary>
    /// Publishes awaiting the broker's confirm at once. RabbitMQ.Client 7 (under MassTransit 8.5) allows 128 unconfirmed
    /// publishes a channel and, above half of them, sleeps 0.5–1 s before each further publish; staying under 64 keeps that
    /// sleep from ever starting (docs/harvester.md has the figures).
    /// </summary>
    public int MaxInFlight { get; set; } = 48;

    /// <summary>Records read, checked against the fingerprints, published and saved together; the run is checkpointed after each.</summary>
    public int BatchSize { get; set; } = 500;

    public void Validate()
    {
        if (MaxInFlight is < 1 or > 10_000) throw new InvalidOperationException($"{Section}:MaxInFlight must be between 1 and 10000 (got {MaxInFlight}).");
        if (BatchSize is < 1 or > 100_000) throw new InvalidOperationException($"{Section}:BatchSize must be between 1 and 100000 (got {BatchSize}).");
    }
}
