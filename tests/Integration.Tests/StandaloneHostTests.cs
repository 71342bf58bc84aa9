using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Harvester.Importing;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.Standalone;

namespace OpenAccess.Integration.Tests;

/// <summary>The single-process host as a user runs it: real Kestrel, in-memory bus, SQLite files in a data directory.</summary>
public sealed class StandaloneHostTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-standalone-").FullName;

    [Fact]
    public async Task Bundled_snapshot_is_imported_at_first_start_only_and_serves_the_real_graph()
    {
        var (ids, _) = Snapshot.Read(Snapshot.BundledPath);
        await using (var app = await StartAsync())
        {
            var api = Client(app);
            await app.Services.GetRequiredService<StartupImports>().ExecuteTask!;
            var run = await api.WaitForRunAsync(Assert.Single(await api.RunsAsync()).Id);
            Assert.Equal(("completed", ids.Count, 0), (run.Status, run.Published, run.Rejected));
            await Eventually.Get(api.LineageModelCountAsync, n => n == ids.Count, "every model in lineage");

            await GraphAssertions.AssertGraphEqualsSnapshotAsync(api, Snapshot.BundledPath);
            var llama = (await api.GetJsonAsync("/api/lineage/models/meta-llama/Llama-2-7b"))!.Value;
            Assert.True(llama.GetProperty("childrenTotal").GetInt64() > 0);
        }

        await using (var restarted = await StartAsync())
        {
            var api = Client(restarted);
            await restarted.Services.GetRequiredService<StartupImports>().ExecuteTask!;
            Assert.Single(await api.RunsAsync());
            Assert.Equal(ids.Count, await api.LineageModelCountAsync());
        }
    }

    [Fact]
    public async Task Malformed_lines_are_reported_with_their_number_and_reason_and_the_rest_is_imported()
    {
        var real = ReadLines(Snapshot.BundledPath).Take(3).ToArray();
        var snapshot = string.Join('\n', real[0], real[1], "{\"id\": \"broken/json\", ", "{\"author\":\"nobody\"}", real[2]) + "\n";
        await using var app = await StartAsync("--OpenAccess:Harvester:Seed=");
        var api = Client(app);

        var run = await api.ImportAsync(Encoding.UTF8.GetBytes(snapshot), "with-bad-lines.jsonl");

        Assert.Equal(("completed", 3, 2), (run.Status, run.Published, run.Rejected));
        Assert.Collection(run.Errors,
            e => Assert.Equal((3, true), (e.Line, e.Reason.StartsWith("not valid JSON"))),
            e => Assert.Equal((4, "missing 'id'"), (e.Line, e.Reason)));
        await Eventually.Get(api.LineageModelCountAsync, n => n == 3, "the three good models");
    }

    [Fact]
    public async Task Import_option_takes_a_gzip_snapshot_recognised_by_content_not_name()
    {
        var renamed = Path.Combine(data, "hub-export.data");
        File.Copy(Snapshot.BundledPath, renamed);
        var (ids, _) = Snapshot.Read(Snapshot.BundledPath);
        await using var app = await StartAsync("--OpenAccess:Harvester:Seed=", "--import", renamed);
        var api = Client(app);
        await app.Services.GetRequiredService<StartupImports>().ExecuteTask!;

        var run = await api.WaitForRunAsync(Assert.Single(await api.RunsAsync()).Id);

        Assert.Equal(("hub-export.data", "completed", ids.Count), (run.Name, run.Status, run.Published));
        await Eventually.Get(api.LineageModelCountAsync, n => n == ids.Count, "every model in lineage");
    }

    [Fact]
    public void Import_option_naming_a_missing_file_is_refused_with_the_path()
    {
        var missing = Path.Combine(data, "nope.jsonl");
        var error = Assert.Throws<ArgumentException>(() => StandaloneHost.Build(["--import", missing]));
        Assert.Contains(missing, error.Message);
    }

    async Task<WebApplication> StartAsync(params string[] args)
    {
        var app = StandaloneHost.Build(["--urls", "http://127.0.0.1:0", $"--OpenAccess:DataDirectory={data}", "--Logging:LogLevel:Default=Warning", .. args]);
        await app.StartAsync();
        return app;
    }

    static ApiClient Client(WebApplication app) => new(new HttpClient { BaseAddress = new Uri(app.Urls.First()) });

    static IEnumerable<string> ReadLines(string gzipPath)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(gzipPath), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    public void Dispose() => Directory.Delete(data, recursive: true);
}
