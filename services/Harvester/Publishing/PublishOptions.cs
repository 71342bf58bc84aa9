namespace OpenAccess.Harvester.Publishing;

/// <summary>Bound from <c>OpenAccess:Harvester:Publish</c>.</summary>
public sealed class PublishOptions
{
    public const string Section = "OpenAccess:Harvester:Publish";

    /// <summary>
    /// With a RabbitMQ broker, hand batches to it directly (<see cref="RabbitMqEventPublisher"/>) rather than through
    /// MassTransit's per-message publish; the wire format is the same. False falls back to MassTransit.
    /// </summary>
    public bool Direct { get; set; } = true;

    /// <summary>Publishes awaiting the broker's confirm at once on the direct path; the broker always has work, memory stays bounded.</summary>
    public int BrokerMaxInFlight { get; set; } = 1000;

    /// <summary>
    /// Publishes through MassTransit awaiting their confirm at once. Before, a whole batch went out at once; RabbitMQ.Client 7's default
    /// confirm limiter (128 a channel) sleeps 0.5–1 s before each publish once more than 64 are unconfirmed, so a bounded
    /// window below that is the safe default (docs/harvester.md has the figures).
    /// </summary>
    public int MaxInFlight { get; set; } = 48;

    /// <summary>Records of an import read, checked against the fingerprints and published together.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Batches of a snapshot import published and not yet saved at once (the direct publisher gives each a channel of its
    /// own): the broker works on the later ones while the earliest waits for its confirms and is saved (docs/harvester.md has
    /// the figures). A crash publishes at most these again, under the same ids.
    /// </summary>
    public int BatchesInFlight { get; set; } = 8;

    /// <summary>
    /// Confirmed batches of a snapshot import saved together, in one SQLite transaction, with the run's checkpoint after
    /// them. Each commit writes every page of the model id index it touched to the WAL, and at Hub scale a batch of 500
    /// touches 500 pages: 16 batches a commit write a third of the bytes and cost a model 29–32 instead of 46–48 µs of CPU
    /// at 1–2 million models (docs/harvester.md). A crash publishes these again too, under the same ids.
    /// </summary>
    public int BatchesPerSave { get; set; } = 16;

    public void Validate()
    {
        if (MaxInFlight is < 1 or > 10_000) throw new InvalidOperationException($"{Section}:MaxInFlight must be between 1 and 10000 (got {MaxInFlight}).");
        if (BrokerMaxInFlight is < 1 or > 100_000) throw new InvalidOperationException($"{Section}:BrokerMaxInFlight must be between 1 and 100000 (got {BrokerMaxInFlight}).");
        if (BatchesInFlight is < 1 or > 64) throw new InvalidOperationException($"{Section}:BatchesInFlight must be between 1 and 64 (got {BatchesInFlight}).");
        if (BatchesPerSave is < 1 or > 256) throw new InvalidOperationException($"{Section}:BatchesPerSave must be between 1 and 256 (got {BatchesPerSave}).");
        if (BatchSize is < 1 or > 100_000) throw new InvalidOperationException($"{Section}:BatchSize must be between 1 and 100000 (got {BatchSize}).");
    }
}
