using System.Net.Http.Json;

namespace OpenAccess.Pipeline.Benchmarks;

/// <summary>A snapshot import started through the harvester's API, as an operator starts one, and its figures as the run records them.</summary>
public sealed record HarvesterRun(string Id, string Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int Published, int Rejected, string? Failure)
{
    public bool Finished => Status is "completed" or "failed" or "cancelled" or "interrupted";

    /// <summary>The run's own start to its end: the import alone, whatever the consumers do.</summary>
    public TimeSpan Duration => (FinishedAt ?? DateTimeOffset.UtcNow) - StartedAt;

    public static async Task<HarvesterRun> StartAsync(HttpClient http, ServiceProcess harvester, string fileName, CancellationToken cancellationToken)
    {
        using var answer = await http.PostAsJsonAsync(new Uri(harvester.Address, "/runs"), new { source = "snapshot", options = new { path = fileName } }, cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /runs: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return (await answer.Content.ReadFromJsonAsync<HarvesterRun>(cancellationToken))!;
    }

    public async Task<HarvesterRun> RefreshAsync(HttpClient http, ServiceProcess harvester, CancellationToken cancellationToken) =>
        (await http.GetFromJsonAsync<HarvesterRun>(new Uri(harvester.Address, $"/runs/{Id}"), cancellationToken))!;

    public async Task<HarvesterRun> WaitAsync(HttpClient http, ServiceProcess harvester, CancellationToken cancellationToken)
    {
        var run = this;
        while (!run.Finished)
        {
            await Task.Delay(500, cancellationToken);
            run = await run.RefreshAsync(http, harvester, cancellationToken);
        }

        return run.Status == "completed" ? run : throw new InvalidOperationException($"the import ended {run.Status}: {run.Failure}");
    }
}
