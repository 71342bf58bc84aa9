using System.Diagnostics;
using System.Net;
using System.Text;

namespace OpenAccess.Hostile.Tests.Infrastructure;

/// <summary>
/// The Standalone host as a user starts it: its own process, built output, a data directory of its own, no seed.
/// A host that dies under a request is seen here as an exited process, never as a dead test runner.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StringBuilder output = new();

    readonly bool ownsDataDirectory;

    HostProcess(Process process, string dataDirectory, bool ownsDataDirectory, Uri baseAddress)
    {
        this.ownsDataDirectory = ownsDataDirectory;
        this.process = process;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }

    public string DataDirectory { get; }
    public Uri BaseAddress { get; }
    public HttpClient Http { get; }
    public bool HasExited => process.HasExited;
    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Resident memory of the process, from /proc.</summary>
    public long ResidentBytes =>
        File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kib ? long.Parse(kib) * 1024 : 0;

    public static string StandaloneDll
    {
        get
        {
            // artifacts/bin/Hostile.Tests/<configuration>/ beside artifacts/bin/Standalone/<configuration>/
            var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
            var dll = Path.Combine(own.Parent!.Parent!.FullName, "Standalone", own.Name, "OpenAccess.Standalone.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"The Standalone host is not built at {dll}.");
        }
    }

    /// <summary>Starts a host on a free loopback port and waits for <c>/health/live</c>.</summary>
    public static Task<HostProcess> StartAsync(string? dataDirectory = null, params string[] args) => StartOnAsync("127.0.0.1", dataDirectory, args);

    /// <summary>Starts a host listening on <paramref name="address"/> at a free port, reached through loopback.</summary>
    public static async Task<HostProcess> StartOnAsync(string address, string? dataDirectory, params string[] args)
    {
        var port = LoopbackPort.Free();
        var host = Launch(dataDirectory, ["--urls", $"http://{address}:{port}", .. args], new Uri($"http://127.0.0.1:{port}"));
        await host.WaitUntilLiveAsync();
        return host;
    }

    /// <summary>Starts a host with the given arguments as they are, for hosts expected to refuse to start.</summary>
    public static HostProcess Launch(string? dataDirectory, string[] args, Uri? baseAddress = null)
    {
        var owned = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("openaccess-hostile-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        foreach (var arg in (string[])[StandaloneDll, $"--OpenAccess:DataDirectory={dataDirectory}", "--OpenAccess:Harvester:Seed=", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        var host = new HostProcess(process, dataDirectory, owned, baseAddress ?? new Uri("http://127.0.0.1:1"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (output)
        {
            // A host that logs every refused line of a large corpus must not fill the test's memory.
            if (output.Length < 4 << 20) output.AppendLine(line);
        }
    }

    public async Task WaitUntilLiveAsync(int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The host exited with {process.ExitCode} before it was live:\n{Output}");
            try
            {
                using var response = await Http.GetAsync("/health/live");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The host was not live within {seconds} s:\n{Output}");
    }

    /// <summary>Fails when the process has died or no longer answers <c>/health/live</c>.</summary>
    public async Task AssertAliveAsync(string after)
    {
        Assert.False(process.HasExited, $"The host died after {after} (exit code {ExitCode}):\n{Tail()}");
        using var response = await Http.GetAsync("/health/live");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/health/live answered {(int)response.StatusCode} after {after}");
    }

    public async Task<int> WaitForExitAsync(int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public void Kill() => process.Kill(entireProcessTree: true);

    public string Tail(int characters = 4000) => Output is var all && all.Length > characters ? all[^characters..] : Output;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        if (!ownsDataDirectory) return; // a directory the caller gave outlives this process, for the next one to start on
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
