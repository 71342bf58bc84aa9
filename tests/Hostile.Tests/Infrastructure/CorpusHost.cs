using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OpenAccess.Hostile.Tests.Infrastructure;

/// <summary>
/// One Standalone host shared by the whole corpus, configured as a platform team would run it in the open: with an
/// admin key. Every case that feeds it something large checks that it gave back what the input took.
/// </summary>
public sealed class CorpusHost : IAsyncLifetime
{
    public const string AdminKey = "hostile-corpus-admin-key";
    public static string AdminKeySha256 => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(AdminKey))).ToLowerInvariant();

    /// <summary>How far above its resident size before a large input the host may stay once the input has been dealt with.</summary>
    public const long MemoryMarginBytes = 300L << 20;

    public HostProcess Host { get; private set; } = null!;
    public long WarmResidentBytes { get; private set; }
    public HttpClient Http => Host.Http;

    public async ValueTask InitializeAsync()
    {
        Host = await HostProcess.StartAsync(null, $"--Gateway:AdminApiKeySha256={AdminKeySha256}");
        // Warm: one import through every consumer and one read of each service, so later growth is the input's doing.
        var run = await ImportAsync(Encoding.UTF8.GetBytes(Records.Line("warm-up/base", "2024-01-02T00:00:00Z") + "\n"), "warm-up");
        Assert.Equal("completed", run.Status);
        foreach (var path in (string[])["/api/lineage/models/warm-up/base", "/api/lineage/stats/new-models", "/api/access/catalogues/gpus", "/api/fitting/fits"])
            using (await Http.GetAsync(path)) { }
        WarmResidentBytes = Host.ResidentBytes;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, bool admin = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (admin) request.Headers.Add("X-Api-Key", AdminKey);
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public static HttpContent JsonBody(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    /// <summary>Uploads a file as the admin and waits for its run to end.</summary>
    public Task<Run> ImportAsync(byte[] file, string name) => ImportAsync(new ByteArrayContent(file), name);

    public async Task<Run> ImportAsync(HttpContent file, string name)
    {
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Post, $"/api/harvest/snapshots?name={Uri.EscapeDataString(name)}", file, admin: true);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"upload '{name}': {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return await WaitForRunAsync(id);
    }

    public Task<Run> WaitForRunAsync(string id, int seconds = 300) =>
        Eventually.Get(async () => (await Http.GetFromJsonAsync<Run>($"/api/harvest/runs/{id}", Run.Json))!,
            r => r.Status is "completed" or "failed" or "cancelled", $"run {id} to end", seconds);

    /// <summary>
    /// Waits for the host's resident memory to come back within <see cref="MemoryMarginBytes"/> of what it held
    /// <paramref name="before"/> the input: what the host keeps on purpose (models it stored) was there before the case began.
    /// </summary>
    public async Task AssertMemoryReturnedAsync(string after, long before)
    {
        await Host.AssertAliveAsync(after);
        var limit = before + MemoryMarginBytes;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long resident;
        while ((resident = Host.ResidentBytes) > limit && DateTime.UtcNow < deadline) await Task.Delay(500);
        Assert.True(resident <= limit,
            $"After {after} the host holds {resident >> 20} MiB, more than the {before >> 20} MiB it held before + {MemoryMarginBytes >> 20} MiB (warm: {WarmResidentBytes >> 20} MiB).");
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CorpusCollection : ICollectionFixture<CorpusHost>
{
    public const string Name = "hostile corpus";
}

/// <summary>A harvest run as <c>GET /api/harvest/runs/{id}</c> answers it.</summary>
public sealed record Run(string Id, string Status, int Lines, int Published, int Unchanged, int Rejected, IReadOnlyList<RunError> Errors, string? Failure)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override string ToString() =>
        $"{Status}, {Lines} lines, {Published} published, {Rejected} rejected, failure: {Failure ?? "none"}, errors: {string.Join(" | ", Errors.Take(5))}";
}

public sealed record RunError(int Line, string Reason);
