using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>
/// One service's real Program on real Kestrel (a loopback port of its own), configured by settings —
/// so the gateway can proxy to it over real HTTP. <typeparamref name="TMarker"/> is any public type of
/// the service's assembly (each assembly has its own Program, which a test cannot name).
/// </summary>
public sealed class ServiceFactory<TMarker> : WebApplicationFactory<TMarker> where TMarker : class
{
    readonly IReadOnlyDictionary<string, string?> settings;
    readonly Action<IServiceCollection>? services;

    public ServiceFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        this.settings = settings;
        this.services = services;
        UseKestrel();
        StartServer();
    }

    /// <summary>The address the service listens on, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.OnFreeLoopbackPort();
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }
}
