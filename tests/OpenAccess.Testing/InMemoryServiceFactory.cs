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
        try
        {
            await base.DisposeAsync();
        }
        catch (NullReferenceException e) when (e.TargetSite?.DeclaringType?.FullName?.StartsWith("MassTransit.Transports.ReceiveEndpoint", StringComparison.Ordinal) == true)
        {
            // MassTransit 8.5's ReceiveEndpoint.Stop checks its start handle, awaits, then reads it again: a second stop of the
            // same endpoint in between clears it (later MassTransit guards Stop with a lifecycle gate). It happens only while
            // the host shuts down, after the test has run; anything else thrown here still fails the test.
        }

        Directory.Delete(data, recursive: true);
    }
}
