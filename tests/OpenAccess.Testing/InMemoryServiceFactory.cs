using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace OpenAccess.Testing;

/// <summary>
/// A service's own Program (found by <typeparamref name="TMarker"/>, any public type of it) on the in-memory bus, with its
/// SQLite file in a temporary folder deleted afterwards, quiet logs, and the settings given.
/// </summary>
public class InMemoryServiceFactory<TMarker>(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<TMarker>
    where TMarker : class
{
    readonly string data = Directory.CreateTempSubdirectory($"openaccess-{typeof(TMarker).Namespace}-").FullName;

    public IBus Bus => Services.GetRequiredService<IBus>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenAccess:Bus:InMemory", "true");
        builder.UseSetting("OpenAccess:DataDirectory", data);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}
