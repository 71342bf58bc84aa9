using System.Diagnostics;
using RabbitMQ.Client;

namespace OpenAccess.Harvester.Benchmarks;

/// <summary>The benchmark's own virtual host and the queues that make the broker store what both publishers send.</summary>
public static class Broker
{
    /// <summary>The queue version that asks for a quorum queue instead of a classic one.</summary>
    public const int Quorum = 0;

    public static void Run(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
        }
    }

    /// <summary>
    /// A fanout exchange as MassTransit declares one per message type, bound to one durable queue, as a consumer's would be;
    /// capped so 200,000 messages do not pile up in the broker's memory. <paramref name="queueVersion"/> is the classic
    /// queue's storage: 2 is the only one RabbitMQ 4 (the broker of docker-compose.yml) has; Debian's 3.10 defaults to 1.
    /// </summary>
    public static async Task DeclareSinkAsync(IConnection connection, string exchange, string? queue, int queueVersion)
    {
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        if (queue is null) return; // unrouted: the broker confirms without storing, which leaves the publishers' own cost
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: queueVersion == Quorum
                ? new Dictionary<string, object?> { ["x-max-length"] = 1000, ["x-queue-type"] = "quorum" }
                : new Dictionary<string, object?> { ["x-max-length"] = 1000, ["x-queue-version"] = queueVersion });
        await channel.QueueBindAsync(queue, exchange, string.Empty);
    }

    /// <summary>Shows that the raw bodies are MassTransit's own: sizes of the messages MassTransit left in its sink next to the raw body of the same message id.</summary>
    public static async Task CompareSizesAsync(IConnection connection, string queue, IReadOnlyList<OutgoingMessage> raw)
    {
        var byId = raw.ToDictionary(m => m.MessageId.ToString(), m => m.Body.Length);
        await using var channel = await connection.CreateChannelAsync();
        long masstransit = 0, ours = 0;
        var n = 0;
        string? headers = null;
        while (n < 200 && await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            headers ??= $"content-type {message.BasicProperties.ContentType}, delivery mode {message.BasicProperties.DeliveryMode}, headers [{string.Join(", ", message.BasicProperties.Headers?.Keys ?? [])}]";
            if (message.BasicProperties.MessageId is { } id && byId.TryGetValue(id, out var length))
            {
                masstransit += message.Body.Length;
                ours += length;
                n++;
            }
        }

        Console.WriteLine($"envelope check on {n} messages: MassTransit {masstransit / Math.Max(1, n)} bytes, raw {ours / Math.Max(1, n)} bytes on average; MassTransit's {headers}");
    }
}
