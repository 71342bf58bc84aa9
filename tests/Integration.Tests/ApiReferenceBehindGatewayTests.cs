using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Gateway.Extensions;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.ServiceDefaults;

namespace OpenAccess.Integration.Tests;

/// <summary>The services as separate hosts on in-memory buses, their OpenAPI documents read through the real gateway as <c>/docs</c> reads them.</summary>
public sealed class ApiReferenceBehindGatewayTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-api-reference-").FullName;

    [Fact]
    public async Task Each_service_document_names_its_gateway_prefix_as_its_server_so_try_it_calls_the_gateway()
    {
        using var services = new ServiceHosts(Settings);
        using var gateway = new ServiceFactory<GatewayOptions>(services.GatewaySettings());
        var client = gateway.CreateClient();

        foreach (var document in ApiReference.ServiceDocuments)
        {
            var openApi = await client.GetFromJsonAsync<JsonElement>(document.Route);

            var prefix = document.Route[..document.Route.IndexOf("/openapi/", StringComparison.Ordinal)];
            Assert.Equal(prefix, openApi.GetProperty("servers")[0].GetProperty("url").GetString());
        }
    }

    Dictionary<string, string?> Settings(string service) => new()
    {
        ["OpenAccess:Bus:InMemory"] = "true",
        ["OpenAccess:DataDirectory"] = Path.Combine(data, service),
    };

    public void Dispose() => Directory.Delete(data, recursive: true);
}
