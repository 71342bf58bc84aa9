using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpenAccess.Integration.Tests.Infrastructure;

namespace OpenAccess.Integration.Tests;

/// <summary>A query parameter that cannot be read is a 400 ProblemDetails naming it and what it accepts, never a bare 400 or a 500.</summary>
public sealed class StandaloneQueryParameterTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-query-").FullName;

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Fact]
    public async Task Harvester_query_parameters_name_themselves_and_what_they_accept()
    {
        await using var app = await StandaloneProcess.StartAsync(data);
        using var client = StandaloneProcess.Client(app);

        var cases = new (string Path, string Expected)[]
        {
            ("/api/harvest/runs?limit=1e9", "'limit' must be a whole number from 1 to 1000, not '1e9'."),
            ("/api/harvest/runs?limit=0", "'limit' must be a whole number from 1 to 1000, not '0'."),
            ("/api/harvest/runs?limit=99999999999999999999", "'limit' must be a whole number from 1 to 1000, not '99999999999999999999'."),
            ("/api/harvest/snapshots/export?gzip=maybe", "'gzip' must be true or false, not 'maybe'."),
            ("/api/harvest/quarantine?offset=-1", "'offset' must be a whole number from 0 to 2147483647, not '-1'."),
            ("/api/harvest/quarantine?limit=5000", "'limit' must be a whole number from 1 to 1000, not '5000'."),
            ($"/api/harvest/runs?limit={new string('9', 1000)}", $"'limit' must be a whole number from 1 to 1000, not '{new string('9', 64)}…'."),
        };
        foreach (var (path, expected) in cases)
        {
            Assert.Equal(expected, await BadRequestDetailAsync(client, path));
        }

        await AssertAnsweredAsync(client, "/api/harvest/runs?limit=1000", "application/json");
        await AssertAnsweredAsync(client, "/api/harvest/snapshots/export?gzip=TRUE", "application/gzip");
        await AssertAnsweredAsync(client, "/api/harvest/quarantine?offset=0&limit=1", "application/json");
    }

    /// <summary>A 200 of the media type, or a failure that says what came back instead (CI keeps only a failure's message).</summary>
    static async Task AssertAnsweredAsync(HttpClient client, string path, string mediaType)
    {
        using var response = await client.GetAsync(path);
        var type = response.Content.Headers.ContentType?.MediaType;
        if (response.StatusCode != HttpStatusCode.OK || type != mediaType)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"{path}: {(int)response.StatusCode} {type}, expected 200 {mediaType}: {body[..Math.Min(body.Length, 2000)]}");
        }
    }

    /// <summary>Any endpoint whose parameters the framework binds: in Production a bare 400 before, in Development a 500.</summary>
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task A_parameter_the_framework_cannot_bind_is_named_with_what_it_accepts(string environment)
    {
        await using var app = StandaloneProcess.Build(data, $"--environment={environment}");
        app.MapGet("/probe", (int? count, bool? flag, DateTimeOffset? since) => TypedResults.Ok(new { count, flag, since }));
        await app.StartAsync();
        using var client = StandaloneProcess.Client(app);

        Assert.Equal($"'count' must be a whole number from {int.MinValue} to {int.MaxValue}, not '1e9'.", await BadRequestDetailAsync(client, "/probe?count=1e9"));
        Assert.Equal("'flag' must be true or false, not 'maybe'.", await BadRequestDetailAsync(client, "/probe?flag=maybe"));
        Assert.Equal("'since' must be a date such as 2024-01-31, not 'yesterday'.", await BadRequestDetailAsync(client, "/probe?since=yesterday"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/probe?count=3&flag=true")).StatusCode);
    }

    static async Task<string> BadRequestDetailAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }
}
