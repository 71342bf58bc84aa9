using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenAccess.Integration.Tests.Infrastructure;

/// <summary>The public HTTP API (through the gateway or the Standalone host), as a client sees it.</summary>
public sealed class ApiClient(HttpClient http, string? adminKey = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public HttpClient Http => http;

    public async Task<Run> ImportAsync(byte[] snapshot, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/harvest/snapshots?name={Uri.EscapeDataString(name)}") { Content = new ByteArrayContent(snapshot) };
        if (adminKey is not null)
        {
            request.Headers.Add("X-Api-Key", adminKey);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = (await response.Content.ReadFromJsonAsync<Run>(Json))!;
        return await WaitForRunAsync(run.Id);
    }

    public Task<Run> WaitForRunAsync(string id) =>
        Eventually.Get(async () => (await http.GetFromJsonAsync<Run>($"/api/harvest/runs/{id}", Json))!, r => r.Status is "completed" or "failed", $"run {id}");

    public async Task<IReadOnlyList<Run>> RunsAsync() => (await http.GetFromJsonAsync<List<Run>>("/api/harvest/runs", Json))!;

    public async Task<long> LineageModelCountAsync() =>
        (await http.GetFromJsonAsync<JsonElement>("/api/lineage/stats/summary", Json)).GetProperty("models").GetInt64();

    public async Task<JsonElement?> GetJsonAsync(string path)
    {
        using var response = await http.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(Json);
    }

    public sealed record Run(string Id, string Status, string Name, int Lines, int Published, int Unchanged, int Rejected, IReadOnlyList<RunError> Errors, string? Failure)
    {
        /// <summary>How far each consumer of the run's events has got.</summary>
        public IReadOnlyList<RunConsumer> Consumers { get; init; } = [];

        public int BenchmarksPublished { get; init; }

        public override string ToString() =>
            $"{Id} {Status}, {Published} published; consumers: {string.Join(", ", Consumers.Select(c => $"{c.Name} {c.Stored}/{c.Published} caught up {c.CaughtUpAt?.ToString("O") ?? "no"}"))}";
    }

    public sealed record RunConsumer(string Name, string MessageType, long Stored, long Published, DateTimeOffset? CaughtUpAt, DateTimeOffset LastStoredAt, DateTimeOffset ReportedAt);

    public Task<Run> RunAsync(string id) => http.GetFromJsonAsync<Run>($"/api/harvest/runs/{id}", Json)!;

    public sealed record RunError(int Line, string Reason);
}
