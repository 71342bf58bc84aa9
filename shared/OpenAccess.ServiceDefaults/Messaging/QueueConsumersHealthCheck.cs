using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace OpenAccess.ServiceDefaults.Messaging;

/// <summary>
/// Readiness: every queue this process consumes from has a consumer on the broker, as the broker itself counts them. MassTransit's
/// own bus check goes on reporting an endpoint Ready when its channel died without the endpoint being told (docs/faults.md, found 3),
/// so it cannot show a process that stopped consuming; the broker's count is what a platform team would look at. With several
/// replicas on one queue, one replica's lost consumer hides behind the others'.
/// </summary>
public sealed class QueueConsumersHealthCheck(Uri broker, ConsumerQueues queues) : IHealthCheck, IAsyncDisposable
{
    readonly SemaphoreSlim connecting = new(1, 1);
    IConnection? connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var names = queues.Names;
        if (names.Count == 0) return HealthCheckResult.Healthy("consumes no queue");
        var missing = new List<string>();
        try
        {
            var open = await ConnectionAsync(cancellationToken);
            foreach (var name in names)
            {
                // A channel a queue: a passive declare of a queue that does not exist closes its channel.
                await using var channel = await open.CreateChannelAsync(cancellationToken: cancellationToken);
                var queue = await channel.QueueDeclarePassiveAsync(name, cancellationToken);
                if (queue.ConsumerCount == 0) missing.Add($"{name} ({queue.MessageCount} messages waiting)");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"could not count the consumers of {string.Join(", ", names)}: {e.Message}", e);
        }

        return missing.Count == 0
            ? HealthCheckResult.Healthy($"{names.Count} queues consumed")
            : HealthCheckResult.Unhealthy($"no consumer on {string.Join(", ", missing)}");
    }

    async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (connection is { IsOpen: true } open) return open;
        await connecting.WaitAsync(cancellationToken);
        try
        {
            if (connection is { IsOpen: true } other) return other;
            if (connection is not null) await connection.DisposeAsync();
            connection = null;
            var factory = new ConnectionFactory { Uri = broker, AutomaticRecoveryEnabled = false, ClientProvidedName = "openaccess-readiness" };
            return connection = await factory.CreateConnectionAsync(cancellationToken);
        }
        finally
        {
            connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
        connecting.Dispose();
    }
}
