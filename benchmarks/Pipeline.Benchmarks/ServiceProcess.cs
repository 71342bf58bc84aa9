using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>
/// One service as deployed: <c>dotnet OpenAccess.&lt;Service&gt;.dll</c> from its Release build, on a port, a data directory
/// and a broker virtual host of its own. Its console goes to a log file in the data directory, as a container's would go
/// to the node's log, so the benchmark process spends nothing reading it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process process;

    ServiceProcess(string name, Process process, Uri address, string dataDirectory)
    {
        Name = name;
        this.process = process;
        Address = address;
        DataDirectory = dataDirectory;
    }

    public string Name { get; }
    public Uri Address { get; }
    public string DataDirectory { get; }
    public int Pid => process.Id;
    public bool HasExited => process.HasExited;
    public string LogPath => Path.Combine(DataDirectory, "console.log");

    public static ServiceProcess Start(string repository, string name, string workDirectory, Uri broker, params string[] settings)
    {
        var dll = Path.Combine(repository, "artifacts", "bin", name, "release", $"OpenAccess.{name}.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build it first (dotnet build services/{name}/{name}.csproj -c Release).");
        }

        var data = Directory.CreateDirectory(Path.Combine(workDirectory, name.ToLowerInvariant())).FullName;
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var arguments = string.Join(' ', new[] { dll, "--urls", address.ToString(), $"--OpenAccess:DataDirectory={data}" }.Concat(settings).Select(Quote));
        // exec: the shell becomes the service, so the pid is the service's own and its console goes straight to the file.
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"exec dotnet {arguments} > {Quote(Path.Combine(data, "console.log"))} 2>&1"])
        {
            WorkingDirectory = data,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__rabbitmq"] = broker.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return new ServiceProcess(name, Process.Start(start)!, address, data);
    }

    public async Task WaitReadyAsync(HttpClient http, TimeSpan limit, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode}; its console: {Tail()}");
            }

            try
            {
                using var answer = await http.GetAsync(new Uri(Address, "/health/ready"), cancellationToken);
                if (answer.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"{Name} was not ready within {limit}; its console: {Tail()}");
    }

    public ProcStats Stats() => ProcStats.Of(process.Id);

    public string Tail() => File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(20)) : "(none)";

    public async ValueTask DisposeAsync()
    {
        if (process.HasExited) return;
        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
