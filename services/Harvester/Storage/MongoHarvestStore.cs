using MongoDB.Bson;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Driver;

namespace OpenAccess.Harvester.Storage;

public sealed class MongoHarvestStore : IHarvestStore
{
    readonly IMongoDatabase database;
    readonly IMongoCollection<FingerprintDocument> fingerprints;
    readonly IMongoCollection<RunDocument> runs;

    public MongoHarvestStore(IMongoDatabase database)
    {
        this.database = database;
        fingerprints = database.GetCollection<FingerprintDocument>("fingerprints");
        runs = database.GetCollection<RunDocument>("runs");
        runs.Indexes.CreateMany([
            new CreateIndexModel<RunDocument>(Builders<RunDocument>.IndexKeys.Descending(r => r.StartedAt)),
            new CreateIndexModel<RunDocument>(Builders<RunDocument>.IndexKeys.Ascending(r => r.ContentSha256)),
        ]);
    }

    public Task PingAsync(CancellationToken cancellationToken) =>
        database.RunCommandAsync((Command<BsonDocument>)"{ ping: 1 }", cancellationToken: cancellationToken);

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

    public Task SaveRunAsync(HarvestRun run, CancellationToken cancellationToken) =>
        runs.ReplaceOneAsync(r => r.Id == run.Id, RunDocument.From(run), new ReplaceOptions { IsUpsert = true }, cancellationToken);

    public async Task<HarvestRun?> GetRunAsync(string id, CancellationToken cancellationToken) =>
        (await runs.Find(r => r.Id == id).FirstOrDefaultAsync(cancellationToken))?.Run;

    public async Task<IReadOnlyList<HarvestRun>> ListRunsAsync(int limit, CancellationToken cancellationToken) =>
        (await runs.Find(FilterDefinition<RunDocument>.Empty).SortByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Limit(limit).ToListAsync(cancellationToken))
            .Select(r => r.Run).ToList();

    public Task<bool> HasCompletedImportAsync(string contentSha256, CancellationToken cancellationToken) =>
        runs.Find(r => r.ContentSha256 == contentSha256 && r.Status == HarvestRun.Completed).AnyAsync(cancellationToken);

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
