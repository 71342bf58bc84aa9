using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Lineage.Consumers;

namespace OpenAccess.Lineage.Tests.Service;

/// <summary>The Lineage service's own Program on the in-memory bus with a SQLite file in a temporary folder.</summary>
public sealed class InMemoryLineageFactory : WebApplicationFactory<ModelDiscoveredConsumer>
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-lineage-").FullName;

    public IBus Bus => Services.GetRequiredService<IBus>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenAccess:Bus:InMemory", "true");
        builder.UseSetting("OpenAccess:DataDirectory", data);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("OpenAccess:Lineage:AdoptionInterval", "00:00:00.500");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}
