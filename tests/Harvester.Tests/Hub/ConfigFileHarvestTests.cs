using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Messaging.Replay;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Hub;

/// <summary>
/// Family roots' config.json fetched after an import from a local server that answers as the Hub's resolver does: the real
/// config.json files of Fixtures/configs at <c>{repo}/resolve/{revision}/config.json</c>, 401 for a gated repository asked
/// without a token, 404 for a file it does not have, and the resolver bucket's RateLimit headers.
/// </summary>
public sealed class ConfigFileHarvestTests : IDisposable
{
    const string Llama = "meta-llama/Llama-3.1-8B";
    const string Phi = "microsoft/phi-2";
    // The revision the root is harvested at: the cache key (a test value; the Hub's record of this repository is not in the data set).
    const string Revision = "d04e592bb4f6aa9cfee91e2e20afa771667e1d4b";
    static readonly (string, string) Fetching = ("OpenAccess:Harvester:Configs:Fetch", "true");
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-configs-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The resolver: gated repositories answer 401 without a bearer token; <see cref="Body"/> may replace a file's bytes.</summary>
    sealed class FakeResolver
    {
        public Func<string, byte[], byte[]> Body { get; set; } = (_, bytes) => bytes;
        public int TooManyFirst { get; set; }
        public bool Down { get; set; }
        /// <summary>Files the resolver serves beyond the fixtures, by repository.</summary>
        public Dictionary<string, byte[]> Files { get; } = [];
        int answered429;
        public ReplayServer Server { get; private set; } = null!;

        public static async Task<FakeResolver> StartAsync()
        {
            var resolver = new FakeResolver();
            resolver.Server = await ReplayServer.StartAsync(resolver.HandleAsync);
            return resolver;
        }

        async Task HandleAsync(HttpContext context)
        {
            context.Response.Headers["RateLimit"] = "\"resolvers\";r=2990;t=200";
            context.Response.Headers["RateLimit-Policy"] = "\"fixed window\";\"resolvers\";q=3000;w=300";
            if (Down) { context.Response.StatusCode = 503; return; }
            var path = context.Request.Path.Value!;
            var at = path.IndexOf("/resolve/", StringComparison.Ordinal);
            if (at < 0 || !path.EndsWith("/config.json", StringComparison.Ordinal)) { context.Response.StatusCode = 404; return; }
            if (Interlocked.Increment(ref answered429) <= TooManyFirst)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
            }

            var repo = path[1..at];
            if (Files.TryGetValue(repo, out var served))
            {
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(served);
                return;
            }

            var file = RealModels.Fixture("configs", repo.Replace("/", "__") + ".json");
            if (!File.Exists(file)) { context.Response.StatusCode = 404; context.Response.Headers["X-Error-Code"] = "EntryNotFound"; return; }
            if (repo.StartsWith("meta-llama/", StringComparison.Ordinal) && context.Request.Headers.Authorization.Count == 0)
            {
                context.Response.StatusCode = 401;
                context.Response.Headers["X-Error-Code"] = "GatedRepo";
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Body(repo, await File.ReadAllBytesAsync(file)));
        }
    }

    /// <summary>A root as the Hub's model info gives it: a config summary without layers or heads, from the real file's <c>architectures</c> and <c>model_type</c>.</summary>
    static string Root(string id, string revision) =>
        JsonSerializer.Serialize(new
        {
            id, author = id.Split('/')[0], sha = revision, createdAt = "2024-07-14T22:20:15.000Z", lastModified = "2024-10-16T22:00:37.000Z",
            tags = new[] { "transformers", "safetensors", "llama", "text-generation" },
            config = new { architectures = new[] { "LlamaForCausalLM" }, model_type = "llama" },
        });

    /// <summary>The real record of meta-llama/Llama-3.1-8B-Instruct (a fine-tune of the root) and the root itself.</summary>
    string LlamaFamily(string name, string revision = Revision)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, [Root(Llama, revision), File.ReadAllText(RealModels.Fixture("hf-api", "model-info-finetune-truncated.json")).Trim()]);
        return path;
    }

    /// <summary>microsoft/phi-2 and derivatives of it, real records of the bundled snapshot.</summary>
    string PhiFamily()
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "hub-model-trees-2025-04.jsonl.gz"));
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains($"\"id\":\"{Phi}\"", StringComparison.Ordinal) || (line.Contains($"base_model:finetune:{Phi}\"", StringComparison.Ordinal) && lines.Count < 6)) lines.Add(line);
        }

        var path = Path.Combine(folder, "phi.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>The root as the services take it: in a ModelsDiscovered.</summary>
    static ModelDiscovered[] RootEvents(HarvesterApp app, string id) =>
        [.. app.Of<ModelsDiscovered>().SelectMany(p => JsonSerializer.Deserialize<ModelsDiscovered>(p.Json)!.Models).Select(m => m.Model)
            .Where(m => m.Id == id && m.ConfigFile is not null)];

    static Task<ModelDiscovered[]> RootEventsAsync(HarvesterApp app, string id, int count = 1) =>
        Eventually.Get(() => Task.FromResult(RootEvents(app, id)), e => e.Length >= count, $"{id} published with its config.json outcome", seconds: 60);

    static List<HarvesterApp.Published> PublishedWithConfigFile(HarvesterApp app, string id) =>
        [.. app.Of<ModelDiscovered>().Where(p => JsonSerializer.Deserialize<ModelDiscovered>(p.Json) is { ConfigFile: not null } m && m.Id == id)];

    static int Fetches(ReplayServer server, string id) => server.Count(r => r.PathAndQuery.StartsWith($"/{id}/resolve/", StringComparison.Ordinal));

    [Fact]
    public async Task A_gated_roots_config_json_is_fetched_with_the_token_at_its_revision_and_published_with_the_files_shape()
    {
        var resolver = await FakeResolver.StartAsync();
        await using var server = resolver.Server;
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), server.Address, Fetching);

        await app.ImportAsync(LlamaFamily("llama.jsonl"));

        var root = Assert.Single(await RootEventsAsync(app, Llama));
        Assert.Equal(new ConfigFileOutcome { Revision = Revision, Harvested = true }, root.ConfigFile);
        Assert.Equal((32, 32, 8, 4096, 128256, 131072), (root.Config!.NumHiddenLayers, root.Config.NumAttentionHeads, root.Config.NumKeyValueHeads,
            root.Config.HiddenSize, root.Config.VocabSize, root.Config.MaxPositionEmbeddings));
        var request = Assert.Single(server.Requests, r => r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal));
        Assert.Equal($"/{Llama}/resolve/{Revision}/config.json", request.PathAndQuery);
        Assert.Equal("Bearer hf_test_token", request.Authorization);
        Assert.Empty(RootEvents(app, "meta-llama/Llama-3.1-8B-Instruct")); // a fine-tune is not a root: its own is not asked for

        // A late subscriber's replay is the root as last published: with its config.json, under that publish's message id.
        var published = Assert.Single(app.Of<ModelDiscovered>(), p => JsonSerializer.Deserialize<ModelDiscovered>(p.Json)!.ConfigFile is not null);
        var replayed = new List<ReplayMessage>();
        await foreach (var message in app.Get<ModelReplaySource>().ReadAsync(TestContext.Current.CancellationToken)) replayed.Add(message);
        var replayedRoot = Assert.Single(replayed, r => ((ModelDiscovered)r.Message).Id == Llama);
        Assert.Equal(published.MessageId, replayedRoot.MessageId);
        Assert.Equal(published.Json, JsonSerializer.Serialize((ModelDiscovered)replayedRoot.Message));
    }

    [Fact]
    public async Task The_same_repo_at_the_same_revision_is_not_fetched_again_after_a_restart_and_a_new_revision_is()
    {
        var resolver = await FakeResolver.StartAsync();
        await using var server = resolver.Server;
        var data = Path.Combine(folder, "data");
        await using (var app = await HarvesterApp.StartAsync(data, server.Address, Fetching))
        {
            await app.ImportAsync(LlamaFamily("first.jsonl"));
            await RootEventsAsync(app, Llama);
            await app.ImportAsync(LlamaFamily("again.jsonl"));
        }

        await using (var app = await HarvesterApp.StartAsync(data, server.Address, Fetching))
        {
            await app.ImportAsync(LlamaFamily("after-restart.jsonl"));
            await app.ImportAsync(LlamaFamily("new-revision.jsonl", revision: "5206a32e0bd3067aef1ce90f5528ade7d866253f"));
            var root = Assert.Single(await RootEventsAsync(app, Llama));
            Assert.Equal("5206a32e0bd3067aef1ce90f5528ade7d866253f", root.ConfigFile!.Revision);
        }

        Assert.Equal(2, Fetches(server, Llama));
    }

    [Fact]
    public async Task A_gated_root_without_a_token_is_published_with_the_reason_and_fetched_again_once_a_token_is_set()
    {
        var resolver = await FakeResolver.StartAsync();
        await using var server = resolver.Server;
        var data = Path.Combine(folder, "data");
        await using (var app = await HarvesterApp.StartAsync(data, server.Address, Fetching, ("HF_TOKEN", "")))
        {
            var run = await app.ImportAsync(LlamaFamily("llama.jsonl"));
            Assert.Equal("completed", run.Status);
            var root = Assert.Single(await RootEventsAsync(app, Llama));
            Assert.Equal("HTTP 401: the repository is gated and HF_TOKEN is not set", root.ConfigFile!.Failure);
            Assert.False(root.ConfigFile.Harvested);
            Assert.Null(root.Config?.NumHiddenLayers);
            await app.ImportAsync(LlamaFamily("again.jsonl"));
        }

        Assert.Equal(1, Fetches(server, Llama));
        await using (var app = await HarvesterApp.StartAsync(data, server.Address, Fetching))
        {
            await app.ImportAsync(LlamaFamily("with-token.jsonl"));
            Assert.True(Assert.Single(await RootEventsAsync(app, Llama)).ConfigFile!.Harvested);
        }

        Assert.Equal(2, Fetches(server, Llama));
    }

    [Fact]
    public async Task A_root_without_a_config_json_gets_the_404_as_its_reason()
    {
        var resolver = await FakeResolver.StartAsync();
        await using var server = resolver.Server;
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), server.Address, Fetching);

        var run = await app.ImportAsync(PhiFamily());

        Assert.Equal("completed", run.Status);
        var root = Assert.Single(await RootEventsAsync(app, Phi));
        Assert.StartsWith("HTTP 404: the repository has no config.json at revision ", root.ConfigFile!.Failure);
        Assert.Equal(1, Fetches(server, Phi));
    }

    /// <summary>The Standalone seed's bundled config.json copies, as the build output holds them.</summary>
    static readonly string BundledConfigs = Path.Combine(AppContext.BaseDirectory, "Data", "configs");

    [Fact]
    public async Task A_bundled_copy_is_published_as_the_roots_config_without_asking_the_Hub_and_the_Hubs_file_replaces_it_once_a_token_is_set()
    {
        var resolver = await FakeResolver.StartAsync();
        await using var server = resolver.Server;
        var data = Path.Combine(folder, "data");
        var copy = await File.ReadAllBytesAsync(Path.Combine(BundledConfigs, "microsoft", "phi-2", "config.json"));
        using var file = JsonDocument.Parse(copy);
        (string, string) seed = ("OpenAccess:Harvester:Seed", BundledConfigs);
        ModelDiscovered bundled;
        Guid? bundledId;
        await using (var app = await HarvesterApp.StartAsync(data, server.Address, Fetching, seed, ("HF_TOKEN", "")))
        {
            await app.ImportAsync(PhiFamily());

            bundled = Assert.Single(await RootEventsAsync(app, Phi));
            Assert.Equal(new ConfigFileOutcome { Revision = "ef382358ec9e382308935a992d908de099b64c23", Harvested = true, Source = "bundled" }, bundled.ConfigFile);
            Assert.Equal((file.RootElement.GetProperty("num_hidden_layers").GetInt32(), file.RootElement.GetProperty("num_attention_heads").GetInt32(),
                    file.RootElement.GetProperty("num_key_value_heads").GetInt32(), file.RootElement.GetProperty("hidden_size").GetInt32()),
                (bundled.Config!.NumHiddenLayers, bundled.Config.NumAttentionHeads, bundled.Config.NumKeyValueHeads, bundled.Config.HiddenSize));
            Assert.Equal(0, Fetches(server, Phi));
            bundledId = Assert.Single(PublishedWithConfigFile(app, Phi)).MessageId;
        }

        // With a token the Hub is asked; while it has no file (404 here) the copy stays, under the same message id.
        await using (var app = await HarvesterApp.StartAsync(data, server.Address, Fetching, seed))
        {
            await app.ImportAsync(PhiFamily());
            var kept = Assert.Single(await RootEventsAsync(app, Phi));
            Assert.Equal((bundled.ConfigFile, bundled.Config), (kept.ConfigFile, kept.Config));
            Assert.Equal(bundledId, Assert.Single(PublishedWithConfigFile(app, Phi)).MessageId);
            Assert.Equal(1, Fetches(server, Phi));

            // Once the Hub gives the file, it replaces the copy: a new outcome, from the Hub, under a message id of its own.
            resolver.Files[Phi] = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(copy).Replace("\"max_position_embeddings\": 2048", "\"max_position_embeddings\": 4096"));
            await app.ImportAsync(PhiFamily());
            var fetched = (await RootEventsAsync(app, Phi, count: 2))[1];
            Assert.Equal(new ConfigFileOutcome { Revision = "ef382358ec9e382308935a992d908de099b64c23", Harvested = true }, fetched.ConfigFile);
            Assert.Equal(4096, fetched.Config!.MaxPositionEmbeddings);
            Assert.NotEqual(bundledId, (await Eventually.Get(() => Task.FromResult(PublishedWithConfigFile(app, Phi)), p => p.Count == 2, "the Hub's outcome published"))[1].MessageId);
            Assert.Equal(2, Fetches(server, Phi));
        }
    }

    [Fact]
    public async Task A_config_json_over_the_size_limit_is_refused_unread()
    {
        var resolver = await FakeResolver.StartAsync();
        await using var server = resolver.Server;
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), server.Address, Fetching, ("OpenAccess:Harvester:Configs:MaxBytes", "300"));

        await app.ImportAsync(LlamaFamily("llama.jsonl"));

        var root = Assert.Single(await RootEventsAsync(app, Llama));
        Assert.Equal("config.json is larger than OpenAccess:Harvester:Configs:MaxBytes (300 bytes); not read", root.ConfigFile!.Failure);
    }

    [Fact]
    public async Task A_config_json_that_is_not_JSON_is_reported_with_the_parsers_reason_and_the_import_is_not_failed()
    {
        var resolver = await FakeResolver.StartAsync();
        resolver.Body = (_, bytes) => bytes[..(bytes.Length / 2)];
        await using var server = resolver.Server;
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), server.Address, Fetching);

        var run = await app.ImportAsync(LlamaFamily("llama.jsonl"));

        Assert.Equal("completed", run.Status);
        var root = Assert.Single(await RootEventsAsync(app, Llama));
        Assert.StartsWith("config.json is not valid JSON: ", root.ConfigFile!.Failure);
    }

    [Fact]
    public async Task When_the_Hub_fails_the_rest_of_the_pass_is_not_asked_and_every_root_is_tried_again_at_the_next_run()
    {
        var resolver = await FakeResolver.StartAsync();
        resolver.Down = true;
        await using var server = resolver.Server;
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), server.Address, Fetching, ("OpenAccess:Harvester:Configs:Concurrency", "1"));
        var both = Path.Combine(folder, "both.jsonl");
        File.WriteAllLines(both, [.. File.ReadAllLines(LlamaFamily("llama.jsonl")), .. File.ReadAllLines(PhiFamily())]);

        await app.ImportAsync(both);

        // Phi is named by more derivatives, so asked first: 503 after every retry; Llama is then not asked. Both carry the pass's
        // one reason, whichever request failed first.
        const string Reason = "the Hub did not answer this pass (HTTP 503 ServiceUnavailable); tried again at the next run";
        Assert.Equal(Reason, Assert.Single(await RootEventsAsync(app, Phi)).ConfigFile!.Failure);
        Assert.Equal(Reason, Assert.Single(await RootEventsAsync(app, Llama)).ConfigFile!.Failure);
        Assert.Equal(0, Fetches(server, Llama));

        resolver.Down = false;
        await app.ImportAsync(both);
        Assert.True((await RootEventsAsync(app, Llama, count: 2))[1].ConfigFile!.Harvested);
        Assert.StartsWith("HTTP 404", (await RootEventsAsync(app, Phi, count: 2))[1].ConfigFile!.Failure);
    }

    [Fact]
    public async Task A_429_from_the_resolver_is_waited_out_and_the_file_then_fetched()
    {
        var resolver = await FakeResolver.StartAsync();
        resolver.TooManyFirst = 1;
        await using var server = resolver.Server;
        await using var app = await HarvesterApp.StartAsync(Path.Combine(folder, "data"), server.Address, Fetching);

        await app.ImportAsync(LlamaFamily("llama.jsonl"));

        Assert.True(Assert.Single(await RootEventsAsync(app, Llama)).ConfigFile!.Harvested);
        Assert.Equal(2, Fetches(server, Llama));
    }
}
