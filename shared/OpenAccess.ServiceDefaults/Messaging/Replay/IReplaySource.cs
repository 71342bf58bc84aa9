namespace OpenAccess.ServiceDefaults.Messaging.Replay;

/// <summary>One message of a replay: the event as it was published, under the message id it was published with.</summary>
public readonly record struct ReplayMessage(Guid MessageId, object Message);

/// <summary>
/// The current state of one event type, read from the store of the service that publishes it: the last event published
/// for each model, family or profile, each under its original message id, so a subscriber that has it already changes nothing.
/// </summary>
public interface IReplaySource
{
    /// <summary>The contract's name, e.g. <c>ModelDiscovered</c>.</summary>
    string EventType { get; }

    /// <summary>How many the store holds now: the total a replay's progress counts towards.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<ReplayMessage> ReadAsync(CancellationToken cancellationToken);
}
