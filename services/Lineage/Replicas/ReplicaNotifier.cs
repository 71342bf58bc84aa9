using MassTransit;

namespace OpenAccess.Lineage.Replicas;

/// <summary>
/// Tells the readers what the writer stored. Called after each store write and before the message that caused it is
/// acknowledged, with every record the write covered, changed or not: a writer killed between its write and this notice
/// writes the same records again on redelivery, finds them unchanged, and still sends the notice. Does nothing unless this
/// process is the writer (<see cref="ReplicaMode.Writer"/>), so a single Lineage publishes what it always did.
/// </summary>
public sealed class ReplicaNotifier(ReplicaOptions options, IBus bus)
{
    public Task StoredAsync(IReadOnlyCollection<string> modelIds, IReadOnlyCollection<string> benchmarkKeys, CancellationToken cancellationToken) =>
        options.Mode != ReplicaMode.Writer || (modelIds.Count == 0 && benchmarkKeys.Count == 0)
            ? Task.CompletedTask
            : bus.Publish(new LineageRecordsStored { ModelIds = [.. modelIds], BenchmarkKeys = [.. benchmarkKeys] }, cancellationToken);
}
