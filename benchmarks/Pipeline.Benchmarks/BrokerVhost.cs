using System.Diagnostics;
using RabbitMQ.Client;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>A virtual host of the local RabbitMQ made for one phase of the run and deleted after it, so runs never see each other's queues.</summary>
public sealed class BrokerVhost : IAsyncDisposable
{
    BrokerVhost(string name, Uri address)
    {
        Name = name;
        Address = address;
    }

    public string Name { get; }
    /// <summary>The AMQP URI of the virtual host, as the services' <c>ConnectionStrings:rabbitmq</c>.</summary>
    public Uri Address { get; }

    /// <summary>
    /// The classic queue version every queue of the run's virtual hosts gets by policy (<c>OPENACCESS_BENCH_QUEUE_VERSION</c>:
    /// 1 or 2), or null for the broker's own default: 1 on Debian 12's RabbitMQ 3.10, while the RabbitMQ 4.0 the deployments
    /// run has only version 2.
    /// </summary>
    public static int? QueueVersion { get; } = Environment.GetEnvironmentVariable("OPENACCESS_BENCH_QUEUE_VERSION") switch
    {
        null or "" => null,
        "1" => 1,
        "2" => 2,
        var other => throw new InvalidOperationException($"OPENACCESS_BENCH_QUEUE_VERSION is 1 or 2, not '{other}'"),
    };

    public static BrokerVhost Create(Uri broker, string name)
    {
        Ctl("add_vhost", name);
        Ctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        if (QueueVersion is { } version)
        {
            Ctl("set_policy", "-p", name, "--apply-to", "queues", "queue-version", ".*", $$"""{"queue-version":{{version}}}""");
        }

        return new BrokerVhost(name, new Uri(broker, name));
    }

    /// <summary>Every queue of the virtual host with its messages, ready and unacknowledged.</summary>
    public IReadOnlyDictionary<string, long> ListQueues() =>
        Ctl("list_queues", "-q", "-p", Name, "name", "messages")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 2 && long.TryParse(f[1], out _))
            .ToDictionary(f => f[0], f => long.Parse(f[1]));

    public Task<IConnection> ConnectAsync(string clientName) => new ConnectionFactory { Uri = Address }.CreateConnectionAsync(clientName);

    public ValueTask DisposeAsync()
    {
        try
        {
            Ctl("delete_vhost", Name);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"could not delete the virtual host {Name}: {e.Message}");
        }

        return ValueTask.CompletedTask;
    }

    static string Ctl(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)}: {error.Result}");
        }

        return output.Result;
    }
}
