using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using OpenAccess.Harvester.Hub;
using OpenAccess.Harvester.Importing;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.Standalone;

namespace OpenAccess.Integration.Tests;

/// <summary>The single-process host as a user runs it: real Kestrel, in-memory bus, SQLite files in a data directory.</summary>
public sealed class StandaloneHostTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-standalone-").FullName;

    [Fact]
    public async Task Bundled_data_is_imported_at_first_start_only_and_serves_the_real_graph_and_leaderboard_scores()
    {
        var (ids, _) = Snapshot.Read(Snapshot.BundledPath);
        var v2 = LeaderboardTable.Read(LeaderboardTable.BundledV2Path);
        var v1 = LeaderboardTable.Read(LeaderboardTable.BundledV1Path);
        await using (var app = await StartAsync())
        {
            var api = Client(app);
            await app.Services.GetRequiredService<StartupImports>().ExecuteTask!;
            var runs = (await api.RunsAsync()).ToDictionary(r => r.Name);
            Assert.Equal(["hub-model-trees-2025-04.jsonl.gz", "open_llm_leaderboard_v1_final_half.csv.gz", "open_llm_leaderboard_v2_2025-02.csv.gz"], runs.Keys.Order());
            var hub = await api.WaitForRunAsync(runs["hub-model-trees-2025-04.jsonl.gz"].Id);
            Assert.Equal(("completed", ids.Count, 0), (hub.Status, hub.Published, hub.Rejected));
            foreach (var (name, table) in new[] { ("open_llm_leaderboard_v2_2025-02.csv.gz", v2), ("open_llm_leaderboard_v1_final_half.csv.gz", v1) })
            {
                var run = await api.WaitForRunAsync(runs[name].Id);
                Assert.Equal(("completed", table.Rows.Count, 0), (run.Status, run.BenchmarksPublished, run.Rejected));
            }

            await Eventually.Get(api.LineageModelCountAsync, n => n == ids.Count, "every model in lineage");
            await GraphAssertions.AssertGraphEqualsSnapshotAsync(api, Snapshot.BundledPath);
            var llama = (await api.GetJsonAsync("/api/lineage/models/meta-llama/Llama-2-7b"))!.Value;
            Assert.True(llama.GetProperty("childrenTotal").GetInt64() > 0);

            // Every leaderboard result stored by both consumers: the cards that show them have their content.
            await Eventually.Get(api.RunsAsync, all => all.All(r => r.Consumers.Count > 0 && r.Consumers.All(c => c.CaughtUpAt is not null && c.Stored == c.Published)),
                "every consumer caught up with the seed runs", seconds: 300);
            const string chat = "google/gemma-7b-it"; // one v2 row, not in the v1 half
            var row = Assert.Single(v2.Rows, r => r["fullname"] == chat);
            var model = (await api.GetJsonAsync($"/api/lineage/models/{chat}"))!.Value;
            var scores = model.GetProperty("benchmarks").GetProperty("scores");
            foreach (var benchmark in (string[])["IFEval", "BBH", "MATH Lvl 5", "GPQA", "MUSR", "MMLU-PRO"])
            {
                Assert.Equal(LeaderboardTable.Number(row[benchmark]), scores.GetProperty(benchmark).GetDouble(), 9);
            }

            Assert.Equal(LeaderboardTable.Number(row["Average ⬆️"]), model.GetProperty("benchmarks").GetProperty("average").GetDouble(), 9);
            Assert.Equal("google/gemma-7b", model.GetProperty("baseBenchmarks").GetProperty("modelId").GetString());

            var v2Summary = (await api.GetJsonAsync("/api/lineage/stats/summary?population=leaderboard-v2"))!.Value;
            // Hub ids are case-insensitive: two spellings of one id are one model.
            Assert.Equal((v2.Rows.Count, v2.Rows.Select(r => r["fullname"]).Distinct(StringComparer.OrdinalIgnoreCase).Count()), (v2Summary.GetProperty("rows").GetInt32(), v2Summary.GetProperty("models").GetInt32()));
            var v1Summary = (await api.GetJsonAsync("/api/lineage/stats/summary?population=leaderboard-v1"))!.Value;
            Assert.Equal(v1.Rows.Count, v1Summary.GetProperty("rows").GetInt32());

            // The Ecosystem page's "Fine-tune gains over base": pairs of Hub models both scored, such as gemma-7b-it over gemma-7b.
            var deltas = (await api.GetJsonAsync("/api/lineage/stats/benchmark-deltas"))!.Value;
            Assert.True(deltas.GetProperty("pairs").EnumerateArray().Sum(p => p.GetInt32()) > 0, deltas.ToString());

            var costs = (await api.GetJsonAsync("/api/access/benchmark-costs"))!.Value;
            var cost = Assert.Single(costs.EnumerateArray(), c => c.GetProperty("modelId").GetString() == chat);
            Assert.Equal(LeaderboardTable.Number(row["Average ⬆️"]), cost.GetProperty("averagePoints").GetDouble(), 9);

            await AssertKvCacheOfAFineTuneFollowsTheBundledConfigAsync(app, api);
        }

        await using (var restarted = await StartAsync())
        {
            var api = Client(restarted);
            await restarted.Services.GetRequiredService<StartupImports>().ExecuteTask!;
            Assert.Equal(3, (await api.RunsAsync()).Count);
            Assert.Equal(ids.Count, await api.LineageModelCountAsync());
        }
    }

    /// <summary>
    /// A fine-tune of microsoft/phi-2 has no config of its own with layers and heads; its root's config.json is bundled
    /// (Seed/configs), so at the first start, offline, its KV cache is the root's: 2 (key and value) × layers × KV heads × head
    /// dimension × 2 bytes (BF16) per token, every number read from the bundled file here.
    /// </summary>
    static async Task AssertKvCacheOfAFineTuneFollowsTheBundledConfigAsync(WebApplication app, ApiClient api)
    {
        const string root = "microsoft/phi-2", fineTune = "malhajar/phi-2-meditron";
        var folder = Path.Combine(AppContext.BaseDirectory, "Seed", "configs");
        Assert.Equal(Directory.GetFiles(folder, "config.json", SearchOption.AllDirectories).Length, app.Services.GetRequiredService<BundledConfigFiles>().Count);
        using var config = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "microsoft", "phi-2", "config.json")));
        var file = config.RootElement;
        long layers = file.GetProperty("num_hidden_layers").GetInt32(), kvHeads = file.GetProperty("num_key_value_heads").GetInt32();
        long headDim = file.GetProperty("hidden_size").GetInt32() / file.GetProperty("num_attention_heads").GetInt32();

        var profile = await Eventually.Get(async () => (await api.GetJsonAsync($"/api/access/models/{fineTune}"))?.GetProperty("profile"),
            p => p is { } found && found.GetProperty("kvCache").ValueKind == JsonValueKind.Object, $"the KV cache of {fineTune}", seconds: 120);

        Assert.Equal(root, profile!.Value.GetProperty("shapeOf").GetString());
        Assert.Equal(2 * layers * kvHeads * headDim * 2, profile.Value.GetProperty("kvCache").GetProperty("bytesPerToken").GetInt64());
        var rootModel = (await api.GetJsonAsync($"/api/access/models/{root}"))!.Value.GetProperty("profile");
        Assert.Equal(layers, rootModel.GetProperty("shape").GetProperty("layers").GetInt64());
    }

    [Fact]
    public async Task Empty_seed_setting_imports_no_bundled_data_of_any_kind()
    {
        await using var app = await StartAsync("--OpenAccess:Harvester:Seed=");
        var api = Client(app);
        await app.Services.GetRequiredService<StartupImports>().ExecuteTask!;
        Assert.Equal(0, app.Services.GetRequiredService<BundledConfigFiles>().Count);

        Assert.Empty(await api.RunsAsync());
        Assert.Equal(0, await api.LineageModelCountAsync());
        Assert.Equal(0, (await api.GetJsonAsync("/api/lineage/stats/summary?population=leaderboard-v2"))!.Value.GetProperty("rows").GetInt32());
        Assert.Empty((await api.GetJsonAsync("/api/access/benchmark-costs"))!.Value.EnumerateArray());
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
