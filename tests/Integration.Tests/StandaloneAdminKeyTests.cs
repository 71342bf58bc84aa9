using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.ServiceDefaults.Security;

namespace OpenAccess.Integration.Tests;

/// <summary>With <c>Gateway:AdminApiKeySha256</c> set, the Standalone host guards the gateway's admin routes itself, over real HTTP.</summary>
public sealed class StandaloneAdminKeyTests : IDisposable
{
    const string Key = "correct horse battery staple";
    static readonly string Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)));
    readonly string data = Directory.CreateTempSubdirectory("openaccess-admin-").FullName;

    public void Dispose() => Directory.Delete(data, recursive: true);

    /// <summary>Every method of every admin route, a catch-all filled in, and spellings routing treats as the same route.</summary>
    static IEnumerable<(string Method, string Path)> AdminRequests() =>
        AdminRoutes.All.SelectMany(route => route.Methods.Select(method => (method, route.Path.Replace("{**remainder}", "runs/20261128-abc", StringComparison.Ordinal))))
            .Concat([
                ("POST", "/API/Harvest/Runs/"), ("post", "/api/harvest/snapshots"), ("GET", "/api/harvest/quarantine/?run=x"),
                ("GET", "/api/harvest/%71uarantine"), ("POST", "/api/fitting/refit-all/"),
            ]);

    [Fact]
    public async Task Every_admin_route_answers_401_without_the_key_and_403_with_another_as_ProblemDetails()
    {
        await using var app = await StandaloneProcess.StartAsync(data, $"--Gateway:AdminApiKeySha256={Hash}");
        using var client = StandaloneProcess.Client(app);

        foreach (var (method, path) in AdminRequests())
        {
            using var missing = await Send(client, method, path, key: null);
            using var wrong = await Send(client, method, path, key: "not the key");

            Assert.True(missing.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without a key: {missing.StatusCode}");
            Assert.True(wrong.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with another key: {wrong.StatusCode}");
            Assert.Contains("X-Api-Key", await Detail(missing));
            Assert.Contains("does not hold the admin key", await Detail(wrong));
        }

        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/harvest/runs") ?? []);
    }

    [Fact]
    public async Task With_the_key_admin_routes_answer_as_the_services_do_and_reads_need_no_key()
    {
        await using var app = await StandaloneProcess.StartAsync(data, $"--Gateway:AdminApiKeySha256={Hash}");
        using var client = StandaloneProcess.Client(app);

        using var quarantine = await Send(client, "GET", "/api/harvest/quarantine", Key);
        using var upload = await Send(client, "POST", "/api/harvest/snapshots?name=one", Key, "{\"id\":\"org/model\"}\n");
        using var badRun = await Send(client, "POST", "/api/harvest/runs", Key, "{}");
        using var cancel = await Send(client, "DELETE", "/api/harvest/runs/nope", Key);
        using var refit = await Send(client, "POST", "/api/fitting/refit-all", Key);

        Assert.Equal(HttpStatusCode.OK, quarantine.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRun.StatusCode);
        Assert.Contains("source must be one of", await Detail(badRun));
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, refit.StatusCode);

        foreach (var read in new[] { "/api/harvest/runs", "/api/lineage/stats/summary", "/api/fitting/refit-all", "/api/access/catalogues/gpus", "/health/live" })
        {
            using var response = await client.GetAsync(read);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {read} without a key: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Without_a_key_on_loopback_admin_routes_are_open_as_before()
    {
        await using var app = await StandaloneProcess.StartAsync(data);
        using var client = StandaloneProcess.Client(app);

        using var quarantine = await Send(client, "GET", "/api/harvest/quarantine", key: null);
        using var upload = await Send(client, "POST", "/api/harvest/snapshots?name=one", key: null, "{\"id\":\"org/model\"}\n");

        Assert.Equal(HttpStatusCode.OK, quarantine.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
    }

    [Fact]
    public void A_key_that_is_not_a_SHA_256_fails_start_up_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StandaloneProcess.Build(data, "--Gateway:AdminApiKeySha256=secret"));
        Assert.Contains("Gateway:AdminApiKeySha256", error.Message);
    }

    static Task<HttpResponseMessage> Send(HttpClient client, string method, string path, string? key, string? body = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.Add("X-Api-Key", key);
        return client.SendAsync(request);
    }

    static async Task<string> Detail(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";
    }
}
