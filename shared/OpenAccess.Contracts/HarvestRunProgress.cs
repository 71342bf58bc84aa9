namespace OpenAccess.Contracts;

/// <summary>
/// How many events of one harvest run one consumer process has stored so far. Published by each consumer of
/// <see cref="ModelsDiscovered"/> and <see cref="BenchmarkUpdated"/> (Lineage, Evaluator), coalesced: at most once per
/// run, queue and reporting interval, and once more when the count stops changing. Consumed by the Harvester, which keeps
/// it with the run. The counts are absolute, so a report that is late, repeated or out of order changes nothing: the
/// Harvester keeps the highest <see cref="Stored"/> of each process and adds up the processes of a queue.
/// </summary>
public sealed record HarvestRunProgress
{
    /// <summary>Id of the harvest run (<see cref="ModelDiscovered.HarvestRunId"/>).</summary>
    public required string RunId { get; init; }

    /// <summary>The consumer's queue, e.g. <c>lineage-models-discovered</c>: what the run's page lists.</summary>
    public required string Consumer { get; init; }

    /// <summary>
    /// What is counted: <c>ModelDiscovered</c> (models, also when they came several to a message in <see cref="ModelsDiscovered"/>)
    /// or <c>BenchmarkUpdated</c>.
    /// </summary>
    public required string MessageType { get; init; }

    /// <summary>
    /// The reporting process, new at every start. Competing consumers of one queue and the restarts of one consumer each
    /// count under their own instance; the Harvester adds them up.
    /// </summary>
    public required Guid Instance { get; init; }

    /// <summary>
    /// Events of the run this process consumed to the end (stored, or recognised as a redelivery or an older revision than
    /// the one stored), each message id once within the process's recent-message window; a model of a
    /// <see cref="ModelsDiscovered"/> counts once under its own <see cref="DiscoveredModel.MessageId"/>.
    /// </summary>
    public long Stored { get; init; }

    /// <summary>When the last of them was stored (UTC).</summary>
    public DateTimeOffset LastStoredAt { get; init; }

    /// <summary>When this report was made (UTC).</summary>
    public DateTimeOffset ReportedAt { get; init; }
}
