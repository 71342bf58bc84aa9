using System.Diagnostics;
using System.Net;
using System.Text;

namespace OpenAccess.Testing;

/// <summary>
/// A program the tests start as a user or a node would: mostly a built service or host (<c>dotnet &lt;its dll&gt;</c>), in a
/// process of its own, its console kept (bounded) for the test to read. A process that dies under a test is seen as an exited
/// process, never as a dead test runner. Hostile.Tests' HostProcess and Faults.Tests' ServiceProcess are this with their own
/// defaults; the sample subscribers run in it too.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>Console kept per process: one that logs every refused line or every message must not fill the test's memory.</summary>
    const int MaxOutputChars = 4 << 20;

    readonly Process process;
    readonly StringBuilder output = new();

    ChildProcess(string name, Process process, Uri baseAddress, TimeSpan httpTimeout)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = httpTimeout };
    }

    public string Name { get; }
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

    /// <summary>
    /// artifacts/bin/&lt;project&gt;/&lt;configuration&gt;/&lt;assembly&gt;.dll, beside the calling test project's own output
    /// (artifacts/bin/&lt;tests&gt;/&lt;configuration&gt;/).
    /// </summary>
    public static string BuiltDll(string project, string assembly)
    {
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var dll = Path.Combine(own.Parent!.Parent!.FullName, project, own.Name, $"{assembly}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{project} is not built at {dll}.");
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> in <paramref name="workingDirectory"/>; nothing is awaited.</summary>
    public static ChildProcess Start(string name, string dll, string workingDirectory, IEnumerable<string> args,
        IReadOnlyDictionary<string, string> environment, Uri baseAddress, TimeSpan httpTimeout) =>
        StartProgram(name, "dotnet", workingDirectory, [dll, .. args], environment, baseAddress, httpTimeout);

    /// <summary>Starts <paramref name="program"/> with <paramref name="args"/>; <paramref name="baseAddress"/> is where <see cref="Http"/> points.</summary>
    public static ChildProcess StartProgram(string name, string program, string workingDirectory, IEnumerable<string> args,
        IReadOnlyDictionary<string, string> environment, Uri baseAddress, TimeSpan httpTimeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start)!;
        var started = new ChildProcess(name, process, baseAddress, httpTimeout);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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

    /// <summary>Waits until <paramref name="path"/> answers 200 (e.g. <c>/health/live</c>), failing at once if the process exits.</summary>
    public async Task WaitUntilOkAsync(string path, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} before {path} answered:\n{Tail()}");
            try
            {
                using var response = await Http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name}'s {path} did not answer 200 within {seconds} s:\n{Tail()}");
    }

    public async Task<int> WaitForExitAsync(int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
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
        if (!process.HasExited) await KillAsync();
        process.Dispose();
    }
}
