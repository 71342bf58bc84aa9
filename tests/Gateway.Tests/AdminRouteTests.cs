using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenAccess.ServiceDefaults.Security;

namespace OpenAccess.Gateway.Tests;

/// <summary>
/// The gateway's admin routes are the shared <see cref="AdminRoutes"/>, which the Standalone host guards too:
/// its configuration says the same, its answers follow it, and a configuration that leaves one unguarded does not start.
/// </summary>
public sealed class AdminRouteTests : IAsyncLifetime
{
    static readonly string[] Clusters = ["harvester", "lineage", "fitting", "evaluator"];
    readonly Dictionary<string, RecordingBackend> backends = [];

    public async ValueTask InitializeAsync()
    {
        foreach (var cluster in Clusters)
        {
            backends[cluster] = await RecordingBackend.StartAsync(cluster);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in backends.Values)
        {
            await backend.DisposeAsync();
        }
    }

    GatewayFactory Gateway(IReadOnlyDictionary<string, string>? more = null) => new(backends.ToDictionary(b => b.Key, b => b.Value.Address), more: more);

    [Fact]
    public async Task The_configured_admin_routes_are_exactly_the_shared_ones()
    {
        await using var gateway = Gateway();
        var routes = gateway.Services.GetRequiredService<IConfiguration>().GetSection("ReverseProxy:Routes").GetChildren();

        var configured = routes.Where(r => r["AuthorizationPolicy"] == ApiKeyAuthenticationHandler.AdminPolicy)
            .Select(r => Describe(r["Match:Path"], r.GetSection("Match:Methods").GetChildren().Select(m => m.Value!)));

        Assert.Equal(AdminRoutes.All.Select(r => Describe(r.Path, r.Methods)).Order(), configured.Order());
    }

    [Fact]
    public async Task Every_shared_admin_route_needs_the_key_and_answers_why_as_ProblemDetails()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClient();

        foreach (var route in AdminRoutes.All)
        {
            foreach (var method in route.Methods)
            {
                var path = route.Path.Replace("{**remainder}", "runs/20261128-abc", StringComparison.Ordinal);
                using var missing = await Send(client, method, path, key: null);
                using var wrong = await Send(client, method, path, key: "not the key");
                Assert.True(missing.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without a key: {missing.StatusCode}");
                Assert.True(wrong.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with another key: {wrong.StatusCode}");
                Assert.Contains("X-Api-Key", await Detail(missing));
                Assert.Contains("does not hold the admin key", await Detail(wrong));
                Assert.Empty(backends.Values.SelectMany(b => b.Requests));

                using var admitted = await Send(client, method, path, key: GatewayFactory.AdminKey);
                Assert.True(admitted.StatusCode == HttpStatusCode.OK, $"{method} {path} with the key: {admitted.StatusCode}");
                Assert.Single(backends.Values.SelectMany(b => b.Requests), r => r.Method == method && r.PathAndQuery == path[path.IndexOf('/', 5)..]);
                backends.Values.ToList().ForEach(b => b.Requests.Clear());
            }
        }
    }

    [Fact]
    public async Task The_quarantine_needs_the_key_while_other_harvester_reads_do_not()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/harvest/quarantine")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/API/HARVEST/QUARANTINE/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/harvest/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/harvest/quarantine-not")).StatusCode);
        Assert.Equal(["/runs", "/quarantine-not"], backends["harvester"].Requests.Select(r => r.PathAndQuery));
    }

    [Theory]
    [InlineData("ReverseProxy:Routes:harvester-quarantine-admin:AuthorizationPolicy", "default", "GET /api/harvest/quarantine")]
    [InlineData("ReverseProxy:Routes:fitting-admin:Match:Methods:1", "PUT", "POST|DELETE /api/fitting/refit-all")]
    [InlineData("ReverseProxy:Routes:harvester-admin:Order", "0", "harvester-admin: Order must be lower")]
    [InlineData("ReverseProxy:Routes:harvester-admin:Match:Hosts:0", "openaccess.example.org", "harvester-admin: an admin route must not match on hosts")]
    public void A_configuration_that_leaves_an_admin_route_unguarded_fails_start_up_naming_it(string key, string value, string named)
    {
        var error = Assert.ThrowsAny<Exception>(() => Gateway(new Dictionary<string, string> { [key] = value }));

        var reasons = string.Join(" / ", Chain(error).Select(e => e.Message));
        Assert.Contains(named, reasons);
    }

    static string Describe(string? path, IEnumerable<string> methods) => $"{string.Join('|', methods.Order())} {path}";

    static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e;
    }

    static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return client.SendAsync(request);
    }

    static async Task<string> Detail(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";
    }
}
