using System.Net;
using OpenAccess.Hostile.Tests.Infrastructure;

namespace OpenAccess.Hostile.Tests;

/// <summary>What the host will do for a stranger: read the API, nothing more; and never read or hash a file of the server's.</summary>
[Collection(CorpusCollection.Name)]
public sealed class SecurityCorpusTests(CorpusHost corpus)
{
    public static TheoryData<string, string, string?> AdminRoutes => new()
    {
        { "POST", "/api/harvest/runs", """{"source":"hub"}""" },
        { "POST", "/api/harvest/snapshots?name=x", "{}" },
        { "DELETE", "/api/harvest/runs/any", null },
        { "GET", "/api/harvest/quarantine", null },
        { "POST", "/api/fitting/refit-all", null },
        { "DELETE", "/api/fitting/refit-all", null },
        { "POST", "/api/harvest/replays", """{"event":"ModelDiscovered","queue":"q"}""" },
        { "GET", "/api/harvest/replays/any", null },
        { "POST", "/api/lineage/replays", """{"event":"FamilyAdoptionChanged","queue":"q"}""" },
        { "GET", "/api/lineage/replays/any", null },
        { "POST", "/api/access/replays", """{"event":"AccessProfileUpdated","queue":"q"}""" },
        { "GET", "/api/access/replays/any", null },
    };

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task An_admin_route_needs_the_configured_key(string method, string path, string? body)
    {
        using var none = await corpus.SendAsync(new HttpMethod(method), path, body is null ? null : CorpusHost.JsonBody(body));
        await Problem.AssertAsync(none, HttpStatusCode.Unauthorized);

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : CorpusHost.JsonBody(body) };
        request.Headers.Add("X-Api-Key", "not-the-key");
        using var wrong = await corpus.Http.SendAsync(request);
        await Problem.AssertAsync(wrong, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/api/harvest/runs")]
    [InlineData("/api/lineage/stats/summary")]
    [InlineData("/api/access/catalogues/gpus")]
    [InlineData("/api/fitting/fits")]
    public async Task Reads_need_no_key(string path)
    {
        using var response = await corpus.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/etc/shadow")]
    [InlineData("/proc/self/environ")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("/dev/zero")]
    public async Task A_snapshot_run_may_not_name_a_file_outside_the_import_folder(string path)
    {
        var body = $$$"""{"source":"snapshot","options":{"path":"{{{path}}}"}}""";
        using var response = await corpus.SendAsync(HttpMethod.Post, "/api/harvest/runs", CorpusHost.JsonBody(body), admin: true);
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "path");
        Assert.DoesNotContain("contentSha256", problem.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("root:", problem.GetRawText());
    }

    [Fact]
    public async Task A_hub_run_may_not_be_pointed_at_another_server()
    {
        var body = """{"source":"hub","options":{"baseUrl":"http://169.254.169.254/latest/meta-data/","url":"http://169.254.169.254/"}}""";
        using var response = await corpus.SendAsync(HttpMethod.Post, "/api/harvest/runs", CorpusHost.JsonBody(body), admin: true);
        // The options name no server of their own: either they are refused, or the run goes to the configured Hub.
        if (response.StatusCode != HttpStatusCode.Accepted) await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        else Assert.DoesNotContain("169.254", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Hosts started on a public address: refused without a key, unless told so explicitly.</summary>
public sealed class PublicBindingTests
{
    [Fact]
    public async Task Without_an_admin_key_the_host_refuses_to_listen_beyond_loopback()
    {
        await using var host = HostProcess.Launch(null, ["--urls", "http://0.0.0.0:0"]);

        var exit = await host.WaitForExitAsync();

        Assert.NotEqual(0, exit);
        Assert.Contains("AdminApiKeySha256", host.Output);
    }

    [Fact]
    public async Task With_an_admin_key_the_host_listens_on_any_address_and_guards_admin_routes()
    {
        await using var host = await HostProcess.StartOnAsync("0.0.0.0", null, $"--Gateway:AdminApiKeySha256={CorpusHost.AdminKeySha256}");

        using var anonymous = await host.Http.PostAsync("/api/fitting/refit-all", null);
        await Problem.AssertAsync(anonymous, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Told_explicitly_the_host_listens_beyond_loopback_without_a_key()
    {
        await using var host = await HostProcess.StartOnAsync("0.0.0.0", null, "--OpenAccess:AllowUnauthenticatedAdmin=true");

        await host.AssertAliveAsync("start");
    }
}
