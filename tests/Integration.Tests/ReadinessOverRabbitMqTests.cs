using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.ServiceDefaults.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// <c>/health/ready</c>'s consumer check asks the broker whether each queue of the process has a consumer: a process whose
/// endpoint stopped consuming (as the Evaluator's did after a broker restart, docs/faults.md) is not ready, and says which queue.
/// </summary>
public sealed class ReadinessOverRabbitMqTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>
{
    [Fact]
    public async Task A_queue_without_a_consumer_makes_the_process_not_ready_and_is_named()
    {
        var ct = TestContext.Current.CancellationToken;
        var factory = new ConnectionFactory { Uri = new Uri(broker.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        foreach (var queue in new[] { "svc-model-discovered", "svc-benchmark-updated" })
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        await channel.BasicPublishAsync("", "svc-benchmark-updated", new byte[] { 1 }, ct);
        await channel.BasicConsumeAsync("svc-model-discovered", autoAck: false, new AsyncEventingBasicConsumer(channel), ct);

        var queues = new ConsumerQueues();
        queues.Add("svc-model-discovered");
        queues.Add("svc-benchmark-updated");
        await using var check = new QueueConsumersHealthCheck(new Uri(broker.ConnectionString), queues);
        var down = await check.CheckHealthAsync(new HealthCheckContext(), ct);
        Assert.Equal((HealthStatus.Unhealthy, "no consumer on svc-benchmark-updated (1 messages waiting)"), (down.Status, down.Description));

        await channel.BasicConsumeAsync("svc-benchmark-updated", autoAck: false, new AsyncEventingBasicConsumer(channel), ct);
        var up = await check.CheckHealthAsync(new HealthCheckContext(), ct);
        Assert.Equal((HealthStatus.Healthy, "2 queues consumed"), (up.Status, up.Description));
    }
}
