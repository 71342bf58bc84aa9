using Microsoft.AspNetCore.Builder;
using OpenAccess.Harvester.Extensions;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults;

namespace OpenAccess.Harvester.Benchmarks;

/// <summary>The Harvester as its own process runs it: RabbitMQ bus, SQLite store.</summary>
public sealed class BenchHost(WebApplication app) : IAsyncDisposable
{
    public static async Task<BenchHost> StartAsync(string dataDirectory, Uri broker, IEnumerable<string> settings)
    {
        var builder = WebApplication.CreateBuilder([
            "--urls", "http://127.0.0.1:0", $"--OpenAccess:DataDirectory={dataDirectory}", $"--ConnectionStrings:rabbitmq={broker}",
            "--Logging:LogLevel:Default=Warning", "--OpenAccess:Harvester:Seed=", .. settings,
        ]);
        builder.AddServiceDefaults("harvester-bench");
        builder.AddHarvester();
        var app = builder.Build();
        await app.StartAsync();
        return new BenchHost(app);
    }

    public static HarvestRun NewRun(string path) => new()
    {
        Id = $"bench-{Guid.NewGuid():N}",
        Source = "snapshot",
        Name = Path.GetFileName(path),
        StartedAt = DateTimeOffset.UtcNow,
        Status = HarvestRun.Queued,
    };

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
