using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Storage;

public sealed class MongoHarvestStore : IHarvestStore
{
    readonly IMongoDatabase database;
    readonly IMongoCollection<FingerprintDocument> fingerprints;
    readonly IMongoCollection<RunDocument> runs;
    readonly IMongoCollection<RecordDocument> records;
    readonly IMongoCollection<QuarantineDocument> quarantine;
    readonly IMongoCollection<ProgressDocument> progress;
    readonly IMongoCollection<ConfigFileDocument> configFiles;

    public MongoHarvestStore(IMongoDatabase database)
    {
        this.database = database;
        fingerprints = database.GetCollection<FingerprintDocument>("fingerprints");
        runs = database.GetCollection<RunDocument>("runs");
        records = database.GetCollection<RecordDocument>("records");
        quarantine = database.GetCollection<QuarantineDocument>("quarantine");
        progress = database.GetCollection<ProgressDocument>("run_progress");
        configFiles = database.GetCollection<ConfigFileDocument>("config_files");
        progress.Indexes.CreateOne(new CreateIndexModel<ProgressDocument>(Builders<ProgressDocument>.IndexKeys.Ascending(p => p.RunId)));
        quarantine.Indexes.CreateOne(new CreateIndexModel<QuarantineDocument>(
            Builders<QuarantineDocument>.IndexKeys.Ascending(q => q.RunId).Descending(q => q.At)));
        runs.Indexes.CreateMany([
            new CreateIndexModel<RunDocument>(Builders<RunDocument>.IndexKeys.Descending(r => r.StartedAt)),
            new CreateIndexModel<RunDocument>(Builders<RunDocument>.IndexKeys.Ascending(r => r.ContentSha256)),
        ]);
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        database.PingAsync(cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> GetFingerprintsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = await fingerprints.Find(Builders<FingerprintDocument>.Filter.In(d => d.Id, ids)).ToListAsync(cancellationToken);
        return found.ToDictionary(d => d.Id, d => d.Fingerprint, StringComparer.Ordinal);
    }

    public async Task SaveFingerprintsAsync(IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        if (values.Count == 0) return;
        var writes = values.Select(kv => new ReplaceOneModel<FingerprintDocument>(
            Builders<FingerprintDocument>.Filter.Eq(d => d.Id, kv.Key), new FingerprintDocument(kv.Key, kv.Value)) { IsUpsert = true });
        await fingerprints.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    /// <summary>
    /// A model's fingerprint lives in its record's document, so one write saves both. Documents written before carried
    /// no fingerprint (it was in <c>fingerprints</c>); such a model counts as unseen and is published again once.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> GetModelFingerprintsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = await records.Find(Builders<RecordDocument>.Filter.In(d => d.Id, ids) & Builders<RecordDocument>.Filter.Ne(d => d.Fingerprint, null))
            .Project(d => new { d.Id, d.Fingerprint }).ToListAsync(cancellationToken);
        return found.ToDictionary(d => d.Id, d => d.Fingerprint!, StringComparer.Ordinal);
    }

    public async Task SaveModelsAsync(IReadOnlyCollection<ModelEntry> models, CancellationToken cancellationToken)
    {
        if (models.Count == 0) return;
        var writes = models.Select(m => new ReplaceOneModel<RecordDocument>(
            Builders<RecordDocument>.Filter.Eq(d => d.Id, m.Id), new RecordDocument(m.Id, Encoding.UTF8.GetString(m.Record), m.Fingerprint)) { IsUpsert = true });
        await records.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> GetModelRecordsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = await records.Find(Builders<RecordDocument>.Filter.In(d => d.Id, ids)).ToListAsync(cancellationToken);
        return found.ToDictionary(d => d.Id, d => d.Doc, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<string, ConfigFileEntry>> GetConfigFilesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = await configFiles.Find(Builders<ConfigFileDocument>.Filter.In(d => d.Id, keys)).ToListAsync(cancellationToken);
        return found.ToDictionary(d => d.Id, d => System.Text.Json.JsonSerializer.Deserialize<ConfigFileEntry>(d.Doc)!, StringComparer.Ordinal);
    }

    public Task SaveConfigFileAsync(ConfigFileEntry entry, CancellationToken cancellationToken) =>
        configFiles.ReplaceOneAsync(Builders<ConfigFileDocument>.Filter.Eq(d => d.Id, entry.Key),
            new ConfigFileDocument(entry.Key, System.Text.Json.JsonSerializer.Serialize(entry)), new ReplaceOptions { IsUpsert = true }, cancellationToken);

    public async IAsyncEnumerable<string> ReadRecordsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Mongo's default _id order is binary on UTF-8, the same ordinal order SQLite gives.
        using var cursor = await records.Find(FilterDefinition<RecordDocument>.Empty).SortBy(d => d.Id).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                yield return document.Doc;
            }
        }
    }

    public Task<long> CountModelsAsync(CancellationToken cancellationToken) =>
        records.CountDocumentsAsync(FilterDefinition<RecordDocument>.Empty, cancellationToken: cancellationToken);

    public async Task QuarantineAsync(IReadOnlyCollection<QuarantinedRecord> values, CancellationToken cancellationToken)
    {
        if (values.Count == 0) return;
        var writes = values.Select(r => new UpdateOneModel<QuarantineDocument>(
            Builders<QuarantineDocument>.Filter.Eq(d => d.Id, r.Id),
            Builders<QuarantineDocument>.Update.SetOnInsert(d => d.RunId, r.RunId).SetOnInsert(d => d.At, r.At.UtcDateTime).SetOnInsert(d => d.Record, r)) { IsUpsert = true });
        await quarantine.BulkWriteAsync(writes, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
    }

    public async Task<IReadOnlyList<QuarantinedRecord>> ListQuarantineAsync(string? runId, int offset, int limit, CancellationToken cancellationToken)
    {
        var filter = runId is null ? FilterDefinition<QuarantineDocument>.Empty : Builders<QuarantineDocument>.Filter.Eq(d => d.RunId, runId);
        return (await quarantine.Find(filter).SortByDescending(d => d.At).ThenBy(d => d.Id).Skip(offset).Limit(limit).ToListAsync(cancellationToken))
            .Select(d => d.Record).ToList();
    }

    public Task SaveRunAsync(HarvestRun run, CancellationToken cancellationToken) =>
        runs.ReplaceOneAsync(r => r.Id == run.Id, RunDocument.From(run), new ReplaceOptions { IsUpsert = true }, cancellationToken);

    public async Task<bool> AddRunAsync(HarvestRun run, CancellationToken cancellationToken)
    {
        try
        {
            await runs.InsertOneAsync(RunDocument.From(run), cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public async Task<HarvestRun?> GetRunAsync(string id, CancellationToken cancellationToken) =>
        (await runs.Find(r => r.Id == id).FirstOrDefaultAsync(cancellationToken))?.Run;

    public async Task<IReadOnlyList<HarvestRun>> ListRunsAsync(int limit, CancellationToken cancellationToken) =>
        (await runs.Find(FilterDefinition<RunDocument>.Empty).SortByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Limit(limit).ToListAsync(cancellationToken))
            .Select(r => r.Run).ToList();

    public Task<bool> HasCompletedImportAsync(string contentSha256, CancellationToken cancellationToken) =>
        runs.Find(r => r.ContentSha256 == contentSha256 && r.Status == HarvestRun.Completed).AnyAsync(cancellationToken);

    /// <summary>Replaced only by a higher count: the filter then matches nothing, and the upsert's duplicate key is the sign of it.</summary>
    public async Task SaveRunProgressAsync(OpenAccess.Contracts.HarvestRunProgress report, CancellationToken cancellationToken)
    {
        var id = $"{report.RunId}|{report.Consumer}|{report.Instance:N}";
        try
        {
            await progress.ReplaceOneAsync(p => p.Id == id && p.Stored < report.Stored,
                new ProgressDocument { Id = id, RunId = report.RunId, Stored = report.Stored, Doc = System.Text.Json.JsonSerializer.Serialize(report) }, new ReplaceOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoWriteException e) when (e.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // a count as high or higher is kept already
        }
    }

    public async Task<IReadOnlyList<OpenAccess.Contracts.HarvestRunProgress>> GetRunProgressAsync(IReadOnlyCollection<string> runIds, CancellationToken cancellationToken) =>
        runIds.Count == 0 ? [] : (await progress.Find(Builders<ProgressDocument>.Filter.In(p => p.RunId, runIds)).ToListAsync(cancellationToken)).Select(p => System.Text.Json.JsonSerializer.Deserialize<OpenAccess.Contracts.HarvestRunProgress>(p.Doc)!).ToList();

    sealed class ProgressDocument
    {
        [BsonId] public required string Id { get; init; }
        public required string RunId { get; init; }
        public required long Stored { get; init; }
        /// <summary>The report as JSON: the driver would need a Guid representation set for its instance.</summary>
        public required string Doc { get; init; }
    }

    sealed record RecordDocument([property: BsonId] string Id, string Doc, [property: BsonIgnoreIfNull] string? Fingerprint);

    sealed class QuarantineDocument
    {
        [BsonId] public required string Id { get; init; }
        public required string RunId { get; init; }
        public required DateTime At { get; init; }
        public required QuarantinedRecord Record { get; init; }
    }

    sealed record ConfigFileDocument([property: BsonId] string Id, string Doc);

    sealed record FingerprintDocument([property: BsonId] string Id, string Fingerprint);

    sealed class RunDocument
    {
        [BsonId] public required string Id { get; init; }
        public required DateTime StartedAt { get; init; }
        public string? ContentSha256 { get; init; }
        public required string Status { get; init; }
        public required HarvestRun Run { get; init; }

        public static RunDocument From(HarvestRun run) => new()
        {
            Id = run.Id, StartedAt = run.StartedAt.UtcDateTime, ContentSha256 = run.ContentSha256, Status = run.Status, Run = run,
        };
    }
}
