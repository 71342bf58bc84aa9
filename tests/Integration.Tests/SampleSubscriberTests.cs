using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using OpenAccess.Integration.Tests.Infrastructure;
using EvaluatorMarker = OpenAccess.Evaluator.Consumers.ModelsDiscoveredConsumer;
using SnapshotImporter = OpenAccess.Harvester.Importing.SnapshotImporter;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// The sample subscribers of <c>samples/</c>, built and run as a subscriber's team would: the .NET worker against the
/// contracts package packed here, the Python one on Debian's pika. Each gets every event of a real import over RabbitMQ.
/// </summary>
public sealed partial class SampleSubscriberTests(RabbitMqTestBroker broker) : IClassFixture<RabbitMqTestBroker>, IDisposable
{
    static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(10);
    readonly string work = Directory.CreateTempSubdirectory("openaccess-samples-").FullName;

    [Fact]
    public async Task The_dotnet_and_python_samples_each_get_every_event_of_a_real_import()
    {
        var python = Python();
        var dotnetSample = BuildDotnetSample();
        var snapshot = Snapshot.BundledPath;
        var (ids, links) = Snapshot.Read(snapshot);

        using var harvester = new ServiceFactory<SnapshotImporter>(Settings("harvester"));
        using var evaluator = new ServiceFactory<EvaluatorMarker>(Settings("evaluator"));
        var environment = (string queue) => new Dictionary<string, string> { ["RABBITMQ"] = broker.ConnectionString, ["QUEUE"] = queue };
        var nowhere = new Uri("http://127.0.0.1:1");
        await using var dotnet = ChildProcess.Start("the .NET sample", dotnetSample, work, [], environment("sample-dotnet"), nowhere, TimeSpan.FromSeconds(5));
        await using var py = ChildProcess.StartProgram("the Python sample", python, work, [Repository.PathOf("samples/python-subscriber/subscriber.py")],
            environment("sample-python"), nowhere, TimeSpan.FromSeconds(5));
        foreach (var sample in new[] { dotnet, py })
            await Eventually.Get(() => Task.FromResult(sample.Output), o => o.Contains("listening on", StringComparison.Ordinal) || sample.HasExited, $"{sample.Name} to listen", 120);

        using var http = harvester.CreateClient();
        using var import = await http.PostAsync("/snapshots?name=samples", new ByteArrayContent(await File.ReadAllBytesAsync(snapshot)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, import.StatusCode);

        var expectedParents = ids.ToDictionary(id => id, id => Parents(links.Where(l => l.Child == id).Select(l => (l.Relation, l.Parent))), StringComparer.Ordinal);
        foreach (var sample in new[] { dotnet, py })
        {
            (Dictionary<string, string> Discovered, HashSet<string> Profiled) events;
            try
            {
                events = await Eventually.Get(() => Task.FromResult(Events(sample)),
                    e => e.Discovered.Count >= ids.Count && e.Profiled.Count >= ids.Count || sample.HasExited, $"{sample.Name} to get every event", 300);
            }
            catch (TimeoutException e)
            {
                var got = Events(sample);
                var queues = string.Join(", ", (await broker.QueueDepthsAsync()).Select(q => $"{q.Key}={q.Value}"));
                throw new TimeoutException($"{e.Message}\n{got.Discovered.Count} ModelDiscovered and {got.Profiled.Count} AccessProfileUpdated of {ids.Count}; queues: {queues}\n{sample.Tail()}", e);
            }

            Assert.False(sample.HasExited, $"{sample.Name} exited:\n{sample.Tail()}");
            Assert.Equal(expectedParents, events.Discovered);
            Assert.Equal(ids.Order(StringComparer.Ordinal), events.Profiled.Order(StringComparer.Ordinal));
        }
    }

    /// <summary>Each model's ModelDiscovered line (its parents, relation:id, in order) and the models with an AccessProfileUpdated line.</summary>
    static (Dictionary<string, string> Discovered, HashSet<string> Profiled) Events(ChildProcess sample)
    {
        var discovered = new Dictionary<string, string>(StringComparer.Ordinal);
        var profiled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in sample.Output.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (DiscoveredLine().Match(line) is { Success: true } d)
                discovered[d.Groups["id"].Value] = Parents(d.Groups["parents"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(':', 2)).Select(p => (p[0], p[1])));
            else if (ProfiledLine().Match(line) is { Success: true } p)
                profiled.Add(p.Groups["id"].Value);
        }

        return (discovered, profiled);
    }

    static string Parents(IEnumerable<(string Relation, string Parent)> parents) =>
        string.Join(',', parents.Select(p => $"{p.Relation.ToLowerInvariant()}:{p.Parent}").Order(StringComparer.Ordinal));

    [GeneratedRegex(@"^ModelDiscovered (?<id>\S+) parents=(?<parents>\S*) message=\S+$")]
    private static partial Regex DiscoveredLine();

    [GeneratedRegex(@"^AccessProfileUpdated (?<id>\S+) h100=\S* message=\S+$")]
    private static partial Regex ProfiledLine();

    /// <summary>
    /// Packs the contracts under a version of their own (a fresh prerelease, so NuGet's cache never serves an older build)
    /// and builds a copy of the sample outside the repository, as a subscriber's clone would be, against that package.
    /// </summary>
    string BuildDotnetSample()
    {
        var version = $"1.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var packages = Path.Combine(work, "packages");
        Run("dotnet", ["pack", Repository.PathOf("shared/OpenAccess.Contracts/OpenAccess.Contracts.csproj"), "-c", "Release", "-o", packages,
            $"-p:OpenAccessContractsVersion={version}"]);
        var sample = Path.Combine(work, "dotnet-subscriber");
        Directory.CreateDirectory(sample);
        foreach (var file in Directory.GetFiles(Repository.PathOf("samples/dotnet-subscriber")))
            File.Copy(file, Path.Combine(sample, Path.GetFileName(file)));
        var output = Path.Combine(work, "dotnet-subscriber-bin");
        try
        {
            Run("dotnet", ["build", sample, "-c", "Release", "-o", output, $"-p:OpenAccessContractsVersion={version}"]);
        }
        finally
        {
            var cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
                "openaccess.contracts", version);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }

        return Path.Combine(output, "DotnetSubscriber.dll");
    }

    /// <summary>Debian's python3, where apt's python3-pika lives (a python3 earlier on PATH, e.g. pyenv's, does not see it).</summary>
    static string Python()
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Tool.Find("python3") ?? throw new InvalidOperationException("python3 is not installed.");
        var check = Tool.Run(python, ["-c", "import pika"], Path.GetTempPath(), TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 0, $"{python} has no pika: apt-get install python3-pika (./test.sh does). {check.Error}");
        return python;
    }

    static void Run(string program, string[] args)
    {
        var result = Tool.Run(Tool.Find(program) ?? program, args, Path.GetTempPath(), BuildLimit);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({result.ExitCode}):\n{result.Output}\n{result.Error}");
    }

    Dictionary<string, string?> Settings(string service) => new()
    {
        ["ConnectionStrings:rabbitmq"] = broker.ConnectionString,
        ["OpenAccess:DataDirectory"] = Path.Combine(work, service),
    };

    public void Dispose() => Directory.Delete(work, recursive: true);
}
