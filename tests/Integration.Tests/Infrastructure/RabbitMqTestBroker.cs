using System.Diagnostics;
using System.Text.Json;

namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>
/// A virtual host of its own on the real broker (<c>OPENACCESS_TEST_RABBITMQ</c>, default the local
/// broker) for one test class, so classes running side by side never share an exchange or a queue.
/// Made and inspected with <c>rabbitmqctl</c>, which the test script's broker provides.
/// </summary>
public sealed class RabbitMqTestBroker : IAsyncLifetime
{
    public string VirtualHost { get; } = $"openaccess-test-{Guid.NewGuid():N}"[..30];

    public string ConnectionString
    {
        get
        {
            var baseUri = new Uri(Environment.GetEnvironmentVariable("OPENACCESS_TEST_RABBITMQ") ?? "amqp://guest:guest@localhost:5672/");
            return new UriBuilder(baseUri) { Path = "/" + Uri.EscapeDataString(VirtualHost) }.Uri.ToString();
        }
    }

    public async ValueTask InitializeAsync()
    {
        await RabbitMqCtl("add_vhost", VirtualHost);
        await RabbitMqCtl("set_permissions", "-p", VirtualHost, "guest", ".*", ".*", ".*");
    }

    public async ValueTask DisposeAsync() => await RabbitMqCtl("delete_vhost", VirtualHost);

    /// <summary>Messages waiting in each queue of the virtual host, by queue name.</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync()
    {
        var json = await RabbitMqCtl("list_queues", "-p", VirtualHost, "name", "messages", "--formatter", "json");
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!, q => q.GetProperty("messages").GetInt64());
    }

    static async Task<string> RabbitMqCtl(params string[] args)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--quiet");
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("rabbitmqctl is not installed: the bus tests need a real RabbitMQ broker (run them with ./test.sh).", e);
        }

        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', args)} failed ({process.ExitCode}): {error} {output}");
        }

        return output;
    }
}
