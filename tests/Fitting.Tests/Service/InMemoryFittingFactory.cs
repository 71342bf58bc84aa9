using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.Fitting.Consumers;

namespace OpenAccess.Fitting.Tests.Service;

/// <summary>The Fitting service's own Program on the in-memory bus with a SQLite file in a temporary folder.</summary>
public sealed class InMemoryFittingFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<FamilyAdoptionChangedConsumer>
{
    /// <summary>m fixed at the snapshot's estimate, so the expected answers do not depend on an estimate.</summary>
    public static readonly IReadOnlyDictionary<string, string?> FixedM = new Dictionary<string, string?> { ["OpenAccess:Fitting:M"] = "10" };

    readonly string data = Directory.CreateTempSubdirectory("openaccess-fitting-").FullName;

    public IBus Bus => Services.GetRequiredService<IBus>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenAccess:Bus:InMemory", "true");
        builder.UseSetting("OpenAccess:DataDirectory", data);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}
