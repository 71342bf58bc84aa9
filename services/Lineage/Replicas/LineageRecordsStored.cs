namespace OpenAccess.Lineage.Replicas;

/// <summary>
/// The writer's word to its readers that it has stored these records: each reader reads them back from the store and applies
/// them to its graph. Lineage's own replication stream, not an event of the system (nothing else consumes it), so it lives
/// here and not in OpenAccess.Contracts. It names records and does not carry them: a reader always applies what the store
/// holds now, so a late, doubled or reordered notice can never put an older record over a newer one.
/// </summary>
public sealed record LineageRecordsStored
{
    /// <summary>Ids of stored model records, as the store keys them (the graph's spelling).</summary>
    public IReadOnlyList<string> ModelIds { get; init; } = [];

    /// <summary>Keys of stored leaderboard results (<see cref="Storage.BenchmarkKeys"/>).</summary>
    public IReadOnlyList<string> BenchmarkKeys { get; init; } = [];
}

/// <summary>
/// A reader's marker, published once its graph is loaded: when the reader consumes its own marker, every notice queued
/// before it has been applied (the reader's queue is consumed in order, one message at a time), and the reader is caught up.
/// </summary>
public sealed record LineageReplicaProbe(string Instance, Guid Token);
