using Microsoft.AspNetCore.Builder;
using OpenAccess.Standalone;

namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>The Standalone host on a free loopback port, its SQLite files in the test's folder, without the bundled seed.</summary>
public static class StandaloneProcess
{
    public static WebApplication Build(string data, params string[] args) =>
        StandaloneHost.Build(["--urls", "http://127.0.0.1:0", $"--OpenAccess:DataDirectory={data}", "--OpenAccess:Harvester:Seed=", "--Logging:LogLevel:Default=Warning", .. args]);

    public static async Task<WebApplication> StartAsync(string data, params string[] args)
    {
        var app = Build(data, args);
        await app.StartAsync();
        return app;
    }

    public static HttpClient Client(WebApplication app) => new() { BaseAddress = new Uri(app.Urls.First()) };
}
