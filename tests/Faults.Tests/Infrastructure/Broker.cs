using System.Diagnostics;

namespace OpenAccess.Faults.Tests.Infrastructure;

/// <summary>The local RabbitMQ through <c>rabbitmqctl</c>: a virtual host per pipeline, its queues' depths, and the broker's restart.</summary>
public static class Broker
{
    /// <summary>The broker as the tests reach it; a pipeline adds its own virtual host.</summary>
    public const string Address = "amqp://guest:guest@localhost:5672";

    public static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        return await stdout;
    }

    public static async Task AddVirtualHostAsync(string vhost)
    {
        await RunAsync("add_vhost", vhost);
        await RunAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    }

    public static Task DeleteVirtualHostAsync(string vhost) => RunAsync("delete_vhost", vhost);

    /// <summary>Each queue of the virtual host with its messages, ready and unacknowledged together.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync(string vhost)
    {
        var text = await RunAsync("list_queues", "-p", vhost, "--quiet", "--no-table-headers", "name", "messages");
        var depths = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('\t', StringSplitOptions.TrimEntries);
            if (fields.Length == 2 && long.TryParse(fields[1], out var messages)) depths[fields[0]] = messages;
        }

        return depths;
    }

    /// <summary>
    /// Stops the broker's application and starts it again: every connection of every client drops, every queue process
    /// restarts from its durable store, as in a broker's restart or a rolling upgrade. The node (Erlang VM) stays up.
    /// </summary>
    public static async Task RestartAsync(TimeSpan down)
    {
        await RunAsync("stop_app");
        try
        {
            await Task.Delay(down);
        }
        finally
        {
            await RunAsync("start_app");
            await RunAsync("await_startup");
        }
    }
}
