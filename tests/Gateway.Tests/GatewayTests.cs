using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OpenAccess.Gateway.Tests;

/// <summary>Real HTTP through the gateway to real loopback backends.</summary>
public sealed class GatewayTests : IAsyncLifetime
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

    GatewayFactory Gateway(int ratePermits = 1000) => new(backends.ToDictionary(b => b.Key, b => b.Value.Address), ratePermits);

    [Theory]
    [InlineData("/api/harvest/runs", "harvester", "/runs")]
    [InlineData("/api/lineage/models/meta-llama/Llama-2-7b/children?limit=5", "lineage", "/models/meta-llama/Llama-2-7b/children?limit=5")]
    [InlineData("/api/fitting/fits/microsoft/phi-2", "fitting", "/fits/microsoft/phi-2")]
    [InlineData("/api/access/models/microsoft/phi-2", "evaluator", "/models/microsoft/phi-2")]
    public async Task Each_route_reaches_its_service_with_the_prefix_removed(string path, string cluster, string seen)
    {
        await using var gateway = Gateway();
        using var response = await gateway.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(cluster, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("backend").GetString());
        Assert.Contains(backends[cluster].Requests, r => r.PathAndQuery == seen);
    }

    /// <summary>
    /// The services name their public address from these (the OpenAPI document's server is <c>X-Forwarded-Prefix</c>),
    /// so a client's own values must not get through.
    /// </summary>
    [Theory]
    [InlineData("GET", "/api/harvest/runs", "harvester", "/api/harvest")]
    [InlineData("GET", "/api/lineage/families", "lineage", "/api/lineage")]
    [InlineData("GET", "/api/fitting/fits/microsoft/phi-2", "fitting", "/api/fitting")]
    [InlineData("GET", "/api/access/catalogues/gpus", "evaluator", "/api/access")]
    [InlineData("POST", "/api/harvest/runs", "harvester", "/api/harvest")]
    [InlineData("POST", "/api/fitting/refit-all", "fitting", "/api/fitting")]
    public async Task Each_route_tells_its_service_its_public_prefix_and_the_original_client_host_and_scheme(
        string method, string path, string cluster, string prefix)
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("X-Api-Key", GatewayFactory.AdminKey);
        request.Headers.Add("X-Forwarded-Prefix", "/evil");
        request.Headers.Add("X-Forwarded-For", "203.0.113.66");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var forwarded = Assert.Single(backends[cluster].Requests).Forwarded;
        Assert.Equal(prefix, forwarded.GetValueOrDefault("X-Forwarded-Prefix"));
        Assert.True(IPAddress.TryParse(forwarded.GetValueOrDefault("X-Forwarded-For"), out var from) && IPAddress.IsLoopback(from),
            $"X-Forwarded-For is the client's loopback address, not {forwarded.GetValueOrDefault("X-Forwarded-For") ?? "missing"}");
        Assert.Equal("http", forwarded.GetValueOrDefault("X-Forwarded-Proto"));
        Assert.Equal(client.BaseAddress!.Authority, forwarded.GetValueOrDefault("X-Forwarded-Host"));
    }

    [Theory]
    [InlineData("POST", "/api/harvest/runs")]
    [InlineData("DELETE", "/api/harvest/runs/20261128-abc")]
    [InlineData("POST", "/api/harvest/snapshots")]
    [InlineData("POST", "/api/fitting/refit-all")]
    [InlineData("GET", "/api/harvest/quarantine?run=x")]
    public async Task Admin_routes_need_the_api_key(string method, string path)
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client, method, path, key: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(client, method, path, key: "not the key")).StatusCode);
        Assert.DoesNotContain(backends.Values.SelectMany(b => b.Requests), r => r.Method == method);

        Assert.Equal(HttpStatusCode.OK, (await Send(client, method, path, key: GatewayFactory.AdminKey)).StatusCode);
        Assert.Contains(backends.Values.SelectMany(b => b.Requests), r => r.Method == method);
    }

    [Fact]
    public async Task Reads_need_no_key_but_are_rate_limited_per_client_with_retry_after()
    {
        await using var gateway = Gateway(ratePermits: 3);
        var client = gateway.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/lineage/families")).StatusCode);
        }

        using var refused = await client.GetAsync("/api/lineage/families");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, backends["lineage"].Requests.Count);
    }

    [Fact]
    public async Task Reads_ignore_an_api_key_right_or_wrong()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClient();

        foreach (var key in new[] { "not the key", GatewayFactory.AdminKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/lineage/families");
            request.Headers.Add("X-Api-Key", key);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }

        Assert.Equal(2, backends["lineage"].Requests.Count);
    }

    [Fact]
    public async Task An_unknown_route_is_404_and_never_reaches_a_backend()
    {
        await using var gateway = Gateway();

        Assert.Equal(HttpStatusCode.NotFound, (await gateway.CreateClient().GetAsync("/api/nothing/here")).StatusCode);
        Assert.All(backends.Values, b => Assert.Empty(b.Requests));
    }

    [Fact]
    public async Task Correlation_id_is_passed_to_the_backend_and_returned()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClient();

        using var mine = new HttpRequestMessage(HttpMethod.Get, "/api/lineage/families");
        mine.Headers.Add("X-Correlation-ID", "ticket-4711");
        using var answered = await client.SendAsync(mine);
        using var generated = await client.GetAsync("/api/access/catalogues/gpus");

        Assert.Equal("ticket-4711", answered.Headers.GetValues("X-Correlation-ID").Single());
        Assert.Contains(backends["lineage"].Requests, r => r.CorrelationId == "ticket-4711");
        var id = generated.Headers.GetValues("X-Correlation-ID").Single();
        Assert.Equal(32, id.Length);
        Assert.Contains(backends["evaluator"].Requests, r => r.CorrelationId == id);
    }

    [Fact]
    public async Task A_cluster_set_to_HTTP2_reaches_an_HTTP2_only_service_with_correlation_id_and_trace_context_and_probes_it()
    {
        // As deployed (k8s/base/config.yaml): the read services' clusters speak HTTP/2 with prior knowledge.
        await using var lineage = await RecordingBackend.StartAsync("lineage", HttpProtocols.Http2);
        var clusters = backends.ToDictionary(b => b.Key, b => b.Value.Address);
        clusters["lineage"] = lineage.Address;
        await using var gateway = new GatewayFactory(clusters, more: new Dictionary<string, string>
        {
            ["ReverseProxy:Clusters:lineage:HttpRequest:Version"] = "2",
            ["ReverseProxy:Clusters:lineage:HttpRequest:VersionPolicy"] = "RequestVersionExact",
        });
        var client = gateway.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/lineage/models/microsoft/phi-2");
        request.Headers.Add("X-Correlation-ID", "ticket-4712");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(lineage.Requests);
        Assert.Equal(("/models/microsoft/phi-2", "HTTP/2", "ticket-4712"), (seen.PathAndQuery, seen.Protocol, seen.CorrelationId));
        // A W3C trace context; inside this test host it starts a new trace rather than the caller's (docs/gateway.md).
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", seen.TraceParent);

        // The active health probe reaches it over HTTP/2 too (a probe over HTTP/1.1 would never arrive).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (lineage.Probes.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.NotEmpty(lineage.Probes);
        Assert.All(lineage.Probes, protocol => Assert.Equal("HTTP/2", protocol));
    }

    [Fact]
    public async Task Readiness_follows_the_backends()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClient();
        await WaitForReady(client, HttpStatusCode.OK);

        await backends["fitting"].DisposeAsync();

        var body = await WaitForReady(client, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("fitting", body);
        backends["fitting"] = await RecordingBackend.StartAsync("fitting");
    }

    [Fact]
    public async Task Allowed_dashboard_origins_get_cors_headers_others_do_not()
    {
        await using var gateway = Gateway();
        var client = gateway.CreateClient();

        Assert.Equal("https://dashboards.example.org", (await Preflight(client, "https://dashboards.example.org")).Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False((await Preflight(client, "https://evil.example.com")).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task The_api_reference_is_served_with_every_service_document()
    {
        await using var gateway = Gateway();
        using var response = await gateway.CreateClient().GetAsync("/docs");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var document in new[] { "/api/lineage/openapi/v1.json", "/api/fitting/openapi/v1.json", "/api/access/openapi/v1.json", "/api/harvest/openapi/v1.json" })
        {
            Assert.Contains(document, html);
        }
    }

    static async Task<HttpResponseMessage> Preflight(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/lineage/families");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        return await client.SendAsync(request);
    }

    static async Task<string> WaitForReady(HttpClient client, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await client.GetAsync("/health/ready");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == expected) return body;
            Assert.True(DateTime.UtcNow < deadline, $"/health/ready stayed {response.StatusCode}: {body}");
            await Task.Delay(200);
        }
    }

    static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, string? key)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") };
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return client.SendAsync(request);
    }
}
