using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Domain;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Harvester.Hub;

/// <summary>
/// After each run, fetches the <c>config.json</c> of the family roots its models name (the Hub's model info has only a summary
/// of the config, without layers or heads) and publishes the root again with the file's fields, or with why there is none.
/// A root is a harvested model that declares no parent; it is fetched when its record's config lacks the layer or head count
/// and its repo@revision has no kept outcome. At most <see cref="ConfigFileOptions.MaxPerRun"/> a run, most derivatives first.
/// A failure never fails anything: it is logged, kept and published as the reason.
/// A root with a bundled copy (<see cref="BundledConfigFiles"/>) takes it without asking the Hub while <c>HF_TOKEN</c> is not set,
/// and whenever the Hub does not give the file; with a token set, the Hub's file replaces the copy at the next run naming the root.
/// </summary>
public sealed class ConfigFileHarvester(
    HubClient hub, IHarvestStore store, IEventPublisher publisher, PublishOptions publishOptions, ParentTally tally, ConfigFileOptions options, HubOptions hubOptions,
    ImportLimits limits, TimeProvider clock, ILogger<ConfigFileHarvester> logger, BundledConfigFiles? bundled = null) : BackgroundService
{
    const int LookupChunk = 500;
    readonly Channel<string> ended = Channel.CreateUnbounded<string>();

    /// <summary>Queues the run's roots for fetching (in the background, one run after another).</summary>
    public void RunEnded(string runId)
    {
        if (options.Fetch) ended.Writer.TryWrite(runId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var runId in ended.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var outcomes = await HarvestAsync(tally.Take(runId), stoppingToken);
                if (outcomes.Count > 0)
                    logger.LogInformation("config.json of {Count} family roots named by run {RunId}: {Harvested} harvested, {Failed} not",
                        outcomes.Count, runId, outcomes.Count(o => o.Json is not null), outcomes.Count(o => o.Json is null));
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "config.json of the roots named by run {RunId} not fetched", runId);
            }
        }
    }

    /// <summary>Fetches, keeps and publishes the config files of those of <paramref name="parents"/> that are roots needing one.</summary>
    public async Task<IReadOnlyList<ConfigFileEntry>> HarvestAsync(IReadOnlyList<(string Id, int Derivatives)> parents, CancellationToken cancellationToken)
    {
        var tokenSet = !string.IsNullOrWhiteSpace(hubOptions.Token);
        var chosen = await ChooseAsync(parents, cancellationToken);
        var outcomes = new ConfigFileEntry[chosen.Count];
        // Once a request failed in a way that may pass (no answer after the retries, a 5xx, still 429), the rest of the pass asks no more: offline,
        // each would wait out every retry in turn. Every root of the pass left without a final answer, asked or not, is then kept and published
        // with one reason, so what subscribers see does not depend on which of the concurrent requests failed first; all are tried at the next run.
        string? unreachable = null;
        await Parallel.ForEachAsync(Enumerable.Range(0, chosen.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var root = chosen[i];
                var copy = bundled is not null ? await bundled.ReadAsync(root.Id, ct) : null;
                var entry = copy is not null && !tokenSet ? Bundled(root, copy)
                    : Volatile.Read(ref unreachable) is not null
                        ? new ConfigFileEntry { ModelId = root.Id, Revision = root.Sha!, FetchedAt = clock.GetUtcNow(), Final = false }
                        : await FetchAsync(root.Id, root.Sha!, ct);
                if (entry is { Final: false, Failure: { } failure }) Interlocked.CompareExchange(ref unreachable, failure, null);
                if (entry.Json is null && copy is not null)
                {
                    logger.LogInformation("config.json of {ModelId} not harvested from the Hub ({Reason}); the bundled copy is used", root.Id, entry.Failure ?? "not asked");
                    entry = Bundled(root, copy);
                }

                outcomes[i] = entry;
            });

        for (var i = 0; i < chosen.Count; i++)
        {
            if (unreachable is not null && !outcomes[i].Final)
                outcomes[i] = outcomes[i] with { Failure = $"the Hub did not answer this pass ({unreachable}); tried again at the next run" };
            await store.SaveConfigFileAsync(outcomes[i], cancellationToken);
            // As an import publishes a model: in a ModelsDiscovered (of one), and as its own ModelDiscovered unless turned off.
            await ModelBatchWriter.PublishAsync(publisher, publishOptions,
                [new OutgoingEvent<ModelDiscovered>(MessageId(chosen[i].Id, outcomes[i]), WithConfigFile(chosen[i], outcomes[i]))], [0], cancellationToken);
        }

        return outcomes;
    }

    async Task<List<ModelDiscovered>> ChooseAsync(IReadOnlyList<(string Id, int Derivatives)> parents, CancellationToken cancellationToken)
    {
        var chosen = new List<ModelDiscovered>();
        var tokenSet = !string.IsNullOrWhiteSpace(hubOptions.Token);
        var recordLimits = limits.ForRecordsAt(clock.GetUtcNow());
        foreach (var chunk in parents.Chunk(LookupChunk))
        {
            if (chosen.Count >= options.MaxPerRun) break;
            var records = await store.GetModelRecordsAsync([.. chunk.Select(c => c.Id)], cancellationToken);
            var roots = new List<ModelDiscovered>();
            foreach (var (id, _) in chunk)
            {
                // A parent never harvested has no revision to ask for: it is fetched once a run harvests it.
                if (!records.TryGetValue(id, out var json)) continue;
                using var document = JsonDocument.Parse(json);
                if (ModelRecordReader.Read(document.RootElement, recordLimits).Model is { BaseModels.Count: 0, Sha: not null } model && !HasShape(model.Config))
                    roots.Add(model);
            }

            var known = await store.GetConfigFilesAsync([.. roots.Select(r => ConfigFileEntry.KeyOf(r.Id, r.Sha!))], cancellationToken);
            foreach (var root in roots)
            {
                // A file refused for want of a token, or taken from the bundled copies, is asked of the Hub once a token is set.
                if (known.TryGetValue(ConfigFileEntry.KeyOf(root.Id, root.Sha!), out var entry) && entry.Final
                    && !((entry.RefusedWithoutToken || entry.Source == BundledConfigFiles.Source) && tokenSet)) continue;
                chosen.Add(root);
                if (chosen.Count >= options.MaxPerRun) break;
            }
        }

        return chosen;
    }

    /// <summary>The layer and head counts the KV cache needs; the Hub's summary never has them.</summary>
    public static bool HasShape(ModelConfigSummary? config) => config is { NumHiddenLayers: not null, NumAttentionHeads: not null };

    async Task<ConfigFileEntry> FetchAsync(string id, string revision, CancellationToken cancellationToken)
    {
        var url = hub.FileUrl(id, revision, "config.json");
        var tokenSet = !string.IsNullOrWhiteSpace(hubOptions.Token);
        var entry = new ConfigFileEntry { ModelId = id, Revision = revision, FetchedAt = clock.GetUtcNow() };
        try
        {
            var file = await hub.GetFileAsync(url, options.MaxBytes, cancellationToken);
            var code = (int)file.Status;
            entry = file switch
            {
                { TooLarge: true } => entry with { Failure = $"config.json is larger than {ConfigFileOptions.Section}:MaxBytes ({options.MaxBytes:N0} bytes); not read", Final = true },
                { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } when !tokenSet =>
                    entry with { Failure = $"HTTP {code}: the repository is gated and HF_TOKEN is not set", Final = true, RefusedWithoutToken = true },
                { Status: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } =>
                    entry with { Failure = $"HTTP {code}: the repository is gated and refused HF_TOKEN (accept its terms on the Hub with the token's account)", Final = true },
                { Status: HttpStatusCode.NotFound } => entry with { Failure = $"HTTP 404: the repository has no config.json at revision {revision}", Final = true },
                { Body: null } => entry with { Failure = $"HTTP {code} {file.Status}", Final = code < 500 },
                _ => Parsed(entry, file.Body),
            };
        }
        catch (HubRequestException e)
        {
            entry = entry with { Failure = e.Reason, Final = false };
        }

        if (entry.Failure is { } failure)
            logger.LogWarning("config.json of {ModelId} at {Revision} not harvested: {Reason}", id, revision, failure);
        return entry;
    }

    /// <summary>The root's bundled copy, kept and published as a fetched file would be, its source saying so.</summary>
    ConfigFileEntry Bundled(ModelDiscovered root, byte[] copy) =>
        Parsed(new ConfigFileEntry { ModelId = root.Id, Revision = root.Sha!, FetchedAt = clock.GetUtcNow(), Source = BundledConfigFiles.Source }, copy);

    static ConfigFileEntry Parsed(ConfigFileEntry entry, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? entry with { Json = System.Text.Encoding.UTF8.GetString(body), Final = true }
                : entry with { Failure = $"config.json is not a JSON object but {document.RootElement.ValueKind}", Final = true };
        }
        catch (JsonException e)
        {
            return entry with { Failure = $"config.json is not valid JSON: {e.Message}", Final = true };
        }
    }

    /// <summary>
    /// The message id a root goes out under with its config.json outcome: the publish and the replay both use it. A bundled copy
    /// and the Hub's file at the same revision are two outcomes, so the Hub's, arriving later, is not taken for a duplicate.
    /// </summary>
    public static Guid MessageId(string rootId, ConfigFileEntry entry) => entry.Source is { } source
        ? MessageIds.From(nameof(ModelDiscovered), rootId, "config.json", entry.Revision, entry.Failure ?? "harvested", source)
        : MessageIds.From(nameof(ModelDiscovered), rootId, "config.json", entry.Revision, entry.Failure ?? "harvested");

    /// <summary>The root as harvested, with the file's config fields (the Hub's summary fills what the file leaves out) or why there are none.</summary>

    public static ModelDiscovered WithConfigFile(ModelDiscovered root, ConfigFileEntry entry)
    {
        if (entry.Json is null)
            return root with { ConfigFile = new ConfigFileOutcome { Revision = entry.Revision, Failure = entry.Failure, Source = entry.Source } };
        using var document = JsonDocument.Parse(entry.Json);
        var file = document.RootElement;
        return root with
        {
            Config = ConfigSummaryReader.Read(file) ?? root.Config,
            ModelType = root.ModelType ?? HubModelMapper.Str(file, "model_type"),
            Architectures = root.Architectures.Count > 0 ? root.Architectures
                : file.TryGetProperty("architectures", out var a) && a.ValueKind == JsonValueKind.Array
                    ? [.. a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)] : [],
            ConfigFile = new ConfigFileOutcome { Revision = entry.Revision, Harvested = true, Source = entry.Source },
        };
    }
}
