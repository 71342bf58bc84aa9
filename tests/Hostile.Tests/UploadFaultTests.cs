using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAccess.Hostile.Tests.Infrastructure;

namespace OpenAccess.Hostile.Tests;

/// <summary>Uploads that never finish: an aborted body leaves no file, a host killed mid-import finishes or fails the run at its next start.</summary>
public sealed class UploadFaultTests
{
    [Fact]
    public async Task An_upload_the_client_aborts_leaves_no_file_and_no_run()
    {
        await using var host = await HostProcess.StartAsync();
        using var cancel = new CancellationTokenSource();
        var body = new AbortingContent(8 << 20, cancel);

        await Assert.ThrowsAnyAsync<Exception>(() => host.Http.PostAsync("/api/harvest/snapshots?name=aborted", body, cancel.Token));

        await Eventually.Get(() => Task.FromResult(Uploads(host)), files => files.Length == 0, "the partial upload to be deleted", 30);
        var runs = await host.Http.GetFromJsonAsync<JsonElement>("/api/harvest/runs");
        Assert.DoesNotContain(runs.EnumerateArray(), r => r.GetProperty("status").GetString() is "running" or "queued");
        await host.AssertAliveAsync("an aborted upload");
    }

    [Fact]
    public async Task A_host_killed_during_an_upload_import_ends_the_run_at_its_next_start()
    {
        var data = Directory.CreateTempSubdirectory("openaccess-hostile-kill-").FullName;
        var snapshot = Records.Gzip(Records.Jsonl(Enumerable.Range(0, 200_000).Select(i => Records.Line($"killed-upload/m{i:D6}"))));
        string runId;
        await using (var host = await HostProcess.StartAsync(data))
        {
            using var response = await host.Http.PostAsync("/api/harvest/snapshots?name=killed", new ByteArrayContent(snapshot));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await Eventually.Get(() => Run(host, runId), r => r.GetProperty("lines").GetInt32() > 0 || r.GetProperty("status").GetString() != "queued", "the import to start", 60);
            await host.KillAsync();
        }

        await using (var restarted = await HostProcess.StartAsync(data))
        {
            var run = await Eventually.Get(() => Run(restarted, runId), r => r.GetProperty("status").GetString() is "completed" or "failed", "the interrupted run to end", 300);
            if (run.GetProperty("status").GetString() == "completed")
                Assert.Equal(200_000, run.GetProperty("published").GetInt32() + run.GetProperty("unchanged").GetInt32());
            else
                Assert.False(string.IsNullOrEmpty(run.GetProperty("failure").GetString()));
            await Eventually.Get(() => Task.FromResult(Uploads(restarted)), files => files.Length == 0, "the upload's file to be gone once its run ended", 30);
        }

        Directory.Delete(data, recursive: true);
    }

    static async Task<JsonElement> Run(HostProcess host, string id) => await host.Http.GetFromJsonAsync<JsonElement>($"/api/harvest/runs/{id}");

    static string[] Uploads(HostProcess host) =>
        Directory.Exists(Path.Combine(host.DataDirectory, "uploads")) ? Directory.GetFiles(Path.Combine(host.DataDirectory, "uploads")) : [];

    /// <summary>Sends part of a body, then gives up as a client whose connection drops would.</summary>
    sealed class AbortingContent(int bytesBeforeAbort, CancellationTokenSource cancel) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = new byte[64 << 10];
            Array.Fill(chunk, (byte)'{');
            for (var sent = 0; sent < bytesBeforeAbort; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
            }

            await cancel.CancelAsync();
            throw new OperationCanceledException("the client gave up");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 1L << 30;
            return true;
        }
    }
}
