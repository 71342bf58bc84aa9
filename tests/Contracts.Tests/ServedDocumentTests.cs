using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using OpenAccess.Gateway.Extensions;
using OpenAccess.ServiceDefaults.Events;
using OpenAccess.Standalone;

namespace OpenAccess.Contracts.Tests;

/// <summary>The gateway and the Standalone host serve the generated document at /asyncapi.json, over real HTTP.</summary>
public sealed class ServedDocumentTests
{
    [Fact]
    public async Task The_gateway_serves_the_document()
    {
        await using var gateway = new WebApplicationFactory<GatewayOptions>().WithWebHostBuilder(b => b.UseSetting("Logging:LogLevel:Default", "Warning"));
        gateway.UseKestrel(0);
        gateway.StartServer();
        using var http = gateway.CreateClient();
        await AssertServed(http);
    }

    [Fact]
    public async Task The_standalone_host_serves_the_document()
    {
        var data = Directory.CreateTempSubdirectory("openaccess-asyncapi-").FullName;
        try
        {
            await using var app = StandaloneHost.Build(["--urls", "http://127.0.0.1:0", $"--OpenAccess:DataDirectory={data}",
                "--OpenAccess:Harvester:Seed=", "--Logging:LogLevel:Default=Warning"]);
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            await AssertServed(http);
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    static async Task AssertServed(HttpClient http)
    {
        using var response = await http.GetAsync(AsyncApiEndpoints.Route);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(AsyncApiDocument.Json, await response.Content.ReadAsByteArrayAsync());
    }
}
