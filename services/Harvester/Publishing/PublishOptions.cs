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
    /// Longest a batch on the direct path waits for the broker to confirm it, in seconds; past it the batch's channel is dropped
    /// and the batch published again. RabbitMQ.Client 7.2 can leave a publish waiting for ever for a confirm lost when the broker
    /// restarts (rabbitmq-dotnet-client#1930); 30 s by default, far above a confirm's usual milliseconds.
    /// </summary>
    public int BrokerConfirmTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Times a batch on the direct path is published again after its connection dropped or its confirms timed out, before the
    /// run fails with the reason. 10 by default: with <see cref="BrokerRetryDelayMilliseconds"/> a broker may be away about a minute.
    /// </summary>
    public int BrokerRetryLimit { get; set; } = 10;

    /// <summary>Wait before a batch's first retry on the direct path, in milliseconds; the n-th waits n times as long. 1,000 by default.</summary>
    public int BrokerRetryDelayMilliseconds { get; set; } = 1000;

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

    /// <summary>
    /// Most models in one <see cref="OpenAccess.Contracts.ModelsDiscovered"/>: a publish batch (<see cref="BatchSize"/>) goes out as
    /// messages of at most this many. The broker's cost is per message, the consumers store a message in one transaction and
    /// hold <c>OpenAccess:Bus:BatchEventPrefetchCount</c> of them at once. 100 by default (docs/pipeline.md has the figures).
    /// </summary>
    public int ModelsPerBatchEvent { get; set; } = 100;

    /// <summary>
    /// Most bytes of source records (the Hub's JSON, at most <c>ImportLimits.MaxRecordBytes</c> each) in one
    /// <see cref="OpenAccess.Contracts.ModelsDiscovered"/>, so that a run of huge records cannot make a message past what the
    /// broker takes (RabbitMQ's <c>max_message_size</c>, 128 MiB by default); a record larger than this goes alone. The event
    /// carries a subset of each record. 4 MiB by default.
    /// </summary>
    public int ModelsPerBatchEventBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Also publish each model's own <see cref="OpenAccess.Contracts.ModelDiscovered"/>, for subscribers bound to it (the
    /// services themselves read <see cref="OpenAccess.Contracts.ModelsDiscovered"/>). True by default: the per-model event is
    /// the contract every subscriber of version 1.0 reads (docs/events.md). False saves the harvester and the broker their cost
    /// a model where no one binds to it.
    /// </summary>
    public bool ModelDiscoveredEvents { get; set; } = true;

    public void Validate()
    {
        if (ModelsPerBatchEvent is < 1 or > 10_000) throw new InvalidOperationException($"{Section}:ModelsPerBatchEvent must be between 1 and 10000 (got {ModelsPerBatchEvent}).");
        if (ModelsPerBatchEventBytes is < 1024 or > 64 * 1024 * 1024) throw new InvalidOperationException($"{Section}:ModelsPerBatchEventBytes must be between 1024 and 67108864 (got {ModelsPerBatchEventBytes}).");
        if (MaxInFlight is < 1 or > 10_000) throw new InvalidOperationException($"{Section}:MaxInFlight must be between 1 and 10000 (got {MaxInFlight}).");
        if (BrokerMaxInFlight is < 1 or > 100_000) throw new InvalidOperationException($"{Section}:BrokerMaxInFlight must be between 1 and 100000 (got {BrokerMaxInFlight}).");
        if (BatchesInFlight is < 1 or > 64) throw new InvalidOperationException($"{Section}:BatchesInFlight must be between 1 and 64 (got {BatchesInFlight}).");
        if (BatchesPerSave is < 1 or > 256) throw new InvalidOperationException($"{Section}:BatchesPerSave must be between 1 and 256 (got {BatchesPerSave}).");
        if (BrokerConfirmTimeoutSeconds is < 1 or > 3600) throw new InvalidOperationException($"{Section}:BrokerConfirmTimeoutSeconds must be between 1 and 3600 (got {BrokerConfirmTimeoutSeconds}).");
        if (BrokerRetryLimit is < 0 or > 1000) throw new InvalidOperationException($"{Section}:BrokerRetryLimit must be between 0 and 1000 (got {BrokerRetryLimit}).");
        if (BrokerRetryDelayMilliseconds is < 1 or > 600_000) throw new InvalidOperationException($"{Section}:BrokerRetryDelayMilliseconds must be between 1 and 600000 (got {BrokerRetryDelayMilliseconds}).");
        if (BatchSize is < 1 or > 100_000) throw new InvalidOperationException($"{Section}:BatchSize must be between 1 and 100000 (got {BatchSize}).");
    }
}
