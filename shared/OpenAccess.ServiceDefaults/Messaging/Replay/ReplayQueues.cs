using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OpenAccess.ServiceDefaults.Messaging.Replay;

/// <summary>Whether the queue a replay is asked for exists: a replay never creates one.</summary>
public interface IReplayQueues
{
    Task<bool> ExistsAsync(string queue, CancellationToken cancellationToken);
}

/// <summary>On RabbitMQ: a passive declare, on a connection of its own, which the broker answers 404 for a queue it does not have.</summary>
public sealed class RabbitMqReplayQueues(Uri broker) : IReplayQueues
{
    public async Task<bool> ExistsAsync(string queue, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = broker, AutomaticRecoveryEnabled = false, ClientProvidedName = "openaccess-replay-check" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return true;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return false;
        }
    }
}

/// <summary>
/// On the in-memory bus (the Standalone host) no process but this one can have a queue, so the queues that exist are this
/// process's consumer queues (<see cref="ConsumerQueues"/>); any other name would be a queue nobody reads.
/// </summary>
public sealed class InMemoryReplayQueues(ConsumerQueues queues) : IReplayQueues
{
    public Task<bool> ExistsAsync(string queue, CancellationToken cancellationToken) => Task.FromResult(queues.Names.Contains(queue, StringComparer.Ordinal));
}
