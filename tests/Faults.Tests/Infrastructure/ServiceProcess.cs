using System.Diagnostics;
using System.Net;
using System.Text;

namespace OpenAccess.Faults.Tests.Infrastructure;

/// <summary>
/// One service as deployed: its built output run with <c>dotnet</c> in a process of its own, on a free loopback port, with a
/// data directory that outlives the process, so a killed service restarts on what it had stored (as Hostile.Tests' HostProcess).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>Output kept per process: a service that logs every message must not fill the test's memory.</summary>
    const int MaxOutputChars = 4 << 20;

    readonly Process process;
    readonly StringBuilder output = new();

    ServiceProcess(string service, Process process, Uri baseAddress)
    {
        Service = service;
        this.process = process;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public string Service { get; }
    public HttpClient Http { get; }
    public bool HasExited => process.HasExited;

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>artifacts/bin/&lt;Service&gt;/&lt;configuration&gt;/OpenAccess.&lt;Service&gt;.dll, beside this project's own output.</summary>
    public static string Dll(string service)
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var dll = Path.Combine(own.Parent!.Parent!.FullName, service, own.Name, $"OpenAccess.{service}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The {service} service is not built at {dll}.");
    }

    /// <summary>Starts <paramref name="service"/> on a free port and waits for <c>/health/ready</c> (its broker and store answer).</summary>
    public static async Task<ServiceProcess> StartAsync(string service, string broker, string dataDirectory, IEnumerable<string> args)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDirectory };
        foreach (var arg in (string[])[Dll(service), "--urls", $"http://127.0.0.1:{port}", $"--OpenAccess:DataDirectory={dataDirectory}", .. args])
            start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__rabbitmq"] = broker;
        // Warnings and errors only: a consumer's fault (MassTransit logs it as an error with its exception) is what the tests read.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__Console__FormatterName"] = "simple";

        var process = Process.Start(start)!;
        var started = new ServiceProcess(service, process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.WaitUntilReadyAsync();
        return started;
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (output)
        {
            if (output.Length < MaxOutputChars) output.AppendLine(line);
        }
    }

    async Task WaitUntilReadyAsync(int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Service} exited with {process.ExitCode} before it was ready:\n{Tail()}");
            try
            {
                using var response = await Http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Service} was not ready within {seconds} s:\n{Tail()}");
    }

    /// <summary>SIGKILL, as the kernel's OOM killer or a node failure would: no shutdown hook runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public string Tail(int characters = 4000) => Output is var all && all.Length > characters ? all[^characters..] : all;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
