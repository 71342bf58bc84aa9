using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Lineage.Storage;

/// <summary>Ids of stored benchmark results: one per model, leaderboard version and precision.</summary>
public static class BenchmarkKeys
{
    public static string Of(BenchmarkUpdated result) => $"{result.ModelId}|{result.LeaderboardVersion}|{result.Precision}";

    public static IEnumerable<string> ModelKey(BenchmarkUpdated result) => [result.ModelId];
}

public static class LineageStores
{
    public static IHostApplicationBuilder AddLineageStores(this IHostApplicationBuilder builder, string service)
    {
        builder.AddServiceStore<IDocumentCollection<StoredModel>>(service,
            db => new SqliteDocumentCollection<StoredModel>(db, "models", StoredModel.ParentKeys),
            db => new MongoDocumentCollection<StoredModel>(db, "models", StoredModel.ParentKeys));
        builder.AddServiceStore<IDocumentCollection<BenchmarkUpdated>>(service,
            db => new SqliteDocumentCollection<BenchmarkUpdated>(db, "benchmarks", BenchmarkKeys.ModelKey),
            db => new MongoDocumentCollection<BenchmarkUpdated>(db, "benchmarks", BenchmarkKeys.ModelKey), "benchmarks");
        builder.AddServiceStore<IDocumentCollection<PublishedSeries>>(service,
            db => new SqliteDocumentCollection<PublishedSeries>(db, "published_series"),
            db => new MongoDocumentCollection<PublishedSeries>(db, "published_series"), "published-series");
        return builder;
    }
}
