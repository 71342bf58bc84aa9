using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;
using OpenAccess.ServiceDefaults.Telemetry;

namespace OpenAccess.ServiceDefaults.Storage;

/// <summary>A service's store: created ready to use (schema or indexes in place), and able to say whether it is reachable.</summary>
public interface IServiceStore
{
    Task PingAsync(CancellationToken cancellationToken);
}

/// <summary>Bound from <c>OpenAccess</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>Folder of the SQLite files (one per service) when no MongoDB is configured. Relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";
}

public static class StorageExtensions
{
    public const string MongoKey = "ConnectionStrings:mongodb";

    internal static void AddOpenAccessStorage(this IHostApplicationBuilder builder)
    {
        var options = new StorageOptions();
        builder.Configuration.GetSection("OpenAccess").Bind(options);
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new InvalidOperationException("OpenAccess:DataDirectory must name a folder.");
        }

        builder.Services.AddSingleton(options);

        var mongo = builder.Configuration[MongoKey];
        if (!string.IsNullOrWhiteSpace(mongo))
        {
            builder.Services.AddSingleton<IMongoClient>(_ => CreateMongoClient(mongo));
        }
    }

    public static IMongoClient CreateMongoClient(string connectionString)
    {
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        settings.ClusterConfigurator = MongoCommandTracer.Subscribe;
        return new MongoClient(settings);
    }

    /// <summary>The readiness check of every MongoDB store: a ping command on its database.</summary>
    public static Task PingAsync(this IMongoDatabase database, CancellationToken cancellationToken) =>
        database.RunCommandAsync((Command<MongoDB.Bson.BsonDocument>)"{ ping: 1 }", cancellationToken: cancellationToken);

    /// <summary>The MongoDB database that belongs to one service: <c>openaccess_{service}</c>.</summary>
    public static string MongoDatabaseName(string service) => $"openaccess_{service}";

    /// <summary>The SQLite file that belongs to one service: <c>{DataDirectory}/{service}.db</c>.</summary>
    public static string SqlitePath(StorageOptions options, string service) => Path.Combine(options.DataDirectory, $"{service}.db");

    /// <summary>
    /// Registers a service's store: on MongoDB when <c>ConnectionStrings:mongodb</c> is set, else on the
    /// service's SQLite file; and a readiness check that pings it. A service with several stores names
    /// each (<paramref name="name"/>), so each gets a health check of its own. <paramref name="sqlitePageSize"/> is the page
    /// size of a SQLite file made new (SQLite's 4,096 when null).
    /// </summary>
    public static IHostApplicationBuilder AddServiceStore<TStore>(
        this IHostApplicationBuilder builder,
        string service,
        Func<SqliteDatabase, TStore> sqlite,
        Func<IMongoDatabase, TStore> mongo,
        string? name = null,
        int? sqlitePageSize = null)
        where TStore : class, IServiceStore
    {
        var useMongo = !string.IsNullOrWhiteSpace(builder.Configuration[MongoKey]);
        builder.Services.AddSingleton(sp => useMongo
            ? mongo(sp.GetRequiredService<IMongoClient>().GetDatabase(MongoDatabaseName(service)))
            : sqlite(new SqliteDatabase(SqlitePath(sp.GetRequiredService<StorageOptions>(), service), sqlitePageSize)));

        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name is null ? $"{service}-store" : $"{service}-{name}-store",
            sp => new StoreHealthCheck(sp.GetRequiredService<TStore>()),
            HealthStatus.Unhealthy,
            [ServiceDefaultsExtensions.ReadyTag]));
        return builder;
    }

    sealed class StoreHealthCheck(IServiceStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.PingAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy("store unreachable", e);
            }
        }
    }
}
