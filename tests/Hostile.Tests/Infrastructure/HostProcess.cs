using System.Net;

namespace OpenAccess.Hostile.Tests.Infrastructure;

/// <summary>
/// The Standalone host as a user starts it: its own process (<see cref="ChildProcess"/>), built output, a data directory of its
/// own, no seed.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly ChildProcess process;
    readonly bool ownsDataDirectory;

    HostProcess(ChildProcess process, string dataDirectory, bool ownsDataDirectory)
    {
        this.process = process;
        this.ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }
    public Uri BaseAddress => process.BaseAddress;
    public HttpClient Http => process.Http;
    public bool HasExited => process.HasExited;
    public int? ExitCode => process.ExitCode;
    public string Output => process.Output;
    public long ResidentBytes => process.ResidentBytes;

    /// <summary>Starts a host on a free loopback port and waits for <c>/health/live</c>.</summary>
    public static Task<HostProcess> StartAsync(string? dataDirectory = null, params string[] args) => StartOnAsync("127.0.0.1", dataDirectory, args);

    /// <summary>Starts a host listening on <paramref name="address"/> at a free port, reached through loopback.</summary>
    public static async Task<HostProcess> StartOnAsync(string address, string? dataDirectory, params string[] args)
    {
        var port = LoopbackPort.Free();
        var host = Launch(dataDirectory, ["--urls", $"http://{address}:{port}", .. args], new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await host.process.WaitUntilOkAsync("/health/live");
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a host with the given arguments as they are, for hosts expected to refuse to start.</summary>
    public static HostProcess Launch(string? dataDirectory, string[] args, Uri? baseAddress = null)
    {
        var owned = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("openaccess-hostile-").FullName;
        var process = ChildProcess.Start("The host", ChildProcess.BuiltDll("Standalone", "OpenAccess.Standalone"), dataDirectory,
            [$"--OpenAccess:DataDirectory={dataDirectory}", "--OpenAccess:Harvester:Seed=", .. args],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" },
            baseAddress ?? new Uri("http://127.0.0.1:1"), TimeSpan.FromMinutes(5));
        return new HostProcess(process, dataDirectory, owned);
    }

    /// <summary>Fails when the process has died or no longer answers <c>/health/live</c>.</summary>
    public async Task AssertAliveAsync(string after)
    {
        Assert.False(process.HasExited, $"The host died after {after} (exit code {ExitCode}):\n{Tail()}");
        using var response = await Http.GetAsync("/health/live");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/health/live answered {(int)response.StatusCode} after {after}");
    }

    public Task<int> WaitForExitAsync(int seconds = 60) => process.WaitForExitAsync(seconds);

    public Task KillAsync() => process.KillAsync();

    public string Tail(int characters = 4000) => process.Tail(characters);

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
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
