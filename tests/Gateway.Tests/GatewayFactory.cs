using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OpenAccess.Gateway.Extensions;

namespace OpenAccess.Gateway.Tests;

/// <summary>The gateway's real Program on real Kestrel, its clusters pointed at given backends.</summary>
public sealed class GatewayFactory : WebApplicationFactory<GatewayOptions>
{
    public const string AdminKey = "correct horse battery staple";
    readonly Dictionary<string, string?> settings;

    public GatewayFactory(IReadOnlyDictionary<string, Uri> clusters, int ratePermits = 1000, IReadOnlyDictionary<string, string>? more = null)
    {
        settings = new()
        {
            ["Gateway:AdminApiKeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey))),
            ["Gateway:RateLimitPermits"] = ratePermits.ToString(),
            ["Gateway:RateLimitWindowSeconds"] = "60",
            ["Gateway:CorsOrigins:0"] = "https://dashboards.example.org",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (cluster, address) in clusters)
        {
            settings[$"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address"] = address.ToString();
            settings[$"ReverseProxy:Clusters:{cluster}:HealthCheck:Active:Interval"] = "00:00:01";
        }

        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        UseKestrel();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.OnFreeLoopbackPort();
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
