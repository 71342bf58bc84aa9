namespace OpenAccess.Faults.Tests.Infrastructure;

/// <summary>
/// One service as deployed: its built output in a process of its own, on a free loopback port, with a data directory that
/// outlives the process, so a killed service restarts on what it had stored.
/// </summary>
public static class ServiceProcess
{
    /// <summary>Starts <paramref name="service"/> on a free port and waits for <c>/health/ready</c> (its broker and store answer).</summary>
    public static async Task<ChildProcess> StartAsync(string service, string broker, string dataDirectory, IEnumerable<string> args)
    {
        var port = LoopbackPort.Free();
        var process = ChildProcess.Start(service, ChildProcess.BuiltDll(service, $"OpenAccess.{service}"), dataDirectory,
            ["--urls", $"http://127.0.0.1:{port}", $"--OpenAccess:DataDirectory={dataDirectory}", .. args],
            new Dictionary<string, string>
            {
                ["ConnectionStrings__rabbitmq"] = broker,
                // Warnings and errors only: a consumer's fault (MassTransit logs it as an error with its exception) is what the tests read.
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__Console__FormatterName"] = "simple",
            },
            new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitUntilOkAsync("/health/ready");
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
