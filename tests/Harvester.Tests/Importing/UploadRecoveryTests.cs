using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;
using OpenAccess.ServiceDefaults.Storage;

namespace OpenAccess.Harvester.Tests.Importing;

/// <summary>
/// Uploads that never arrive whole leave nothing behind, and an upload import the process died in goes on from its
/// checkpoint at the next start, or fails saying why, with its file deleted.
/// </summary>
public sealed class UploadRecoveryTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-uploads-").FullName;
    string Data => Path.Combine(folder, "data");
    string Uploads => Path.Combine(Data, "uploads");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static string Lines(int from, int to) =>
        string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $$"""{"id":"uploads/m{{i}}","sha":"s{{i}}"}""" + "\n"));

    Task<HarvesterApp> StartAsync() => HarvesterApp.StartAsync(Data, new Uri("http://127.0.0.1:9/"));

    /// <summary>A run as a killed process left it, written to the store before any host runs.</summary>
    async Task<HarvestRun> LeftRunningAsync(string id, string? upload, int lines, RunOptions? options = null)
    {
        Directory.CreateDirectory(Uploads);
        var content = Encoding.UTF8.GetBytes(Lines(1, 5));
        if (upload is not null) await File.WriteAllBytesAsync(Path.Combine(Uploads, upload), content);
        var run = new HarvestRun
        {
            Id = id, Source = "snapshot", Name = "upload.jsonl", Options = options, ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            StartedAt = DateTimeOffset.UtcNow.AddMinutes(-5), Status = HarvestRun.Running, Lines = lines, ModelsSeen = lines, Published = lines, New = lines,
        };
        await new SqliteHarvestStore(new SqliteDatabase(Path.Combine(Data, "harvester.db"))).SaveRunAsync(run, default);
        return run;
    }

    static Task<HarvestRun> EndedAsync(HarvesterApp app, string id) =>
        Eventually.Get(() => app.Http.GetFromJsonAsync<HarvestRun>($"/runs/{id}")!, r => r!.Status is HarvestRun.Completed or HarvestRun.Failed, "the run to end")!;

    [Fact]
    public async Task An_upload_the_client_aborts_leaves_no_file_and_no_run()
    {
        await using var app = await StartAsync();
        using var content = new StreamContent(new AbortingStream(Encoding.UTF8.GetBytes(Lines(1, 20_000)), abortAfter: 256 * 1024, Uploads));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => app.Http.PostAsync("/snapshots?name=aborted.jsonl", content));

        await Eventually.Get(() => Task.FromResult(Directory.GetFiles(Uploads).Length), n => n == 0, "the partial upload to be deleted");
        Assert.DoesNotContain(await app.Http.GetFromJsonAsync<List<HarvestRun>>("/runs") ?? [], r => r.Name == "aborted.jsonl");
    }

    [Fact]
    public async Task A_whole_upload_imports_and_its_file_is_deleted_once_the_run_ends()
    {
        await using var app = await StartAsync();

        var answer = await app.Http.PostAsync("/snapshots?name=whole.jsonl", new StringContent(Lines(1, 3)));
        var run = await EndedAsync(app, (await answer.Content.ReadFromJsonAsync<HarvestRun>())!.Id);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal((HarvestRun.Completed, 3), (run.Status, run.Published));
        Assert.Empty(Directory.GetFiles(Uploads));
    }

    [Fact]
    public async Task An_upload_run_left_running_with_its_file_resumes_after_its_checkpoint_at_the_next_start()
    {
        var left = await LeftRunningAsync("20260101000000-resume01", "20260101000000-resume01.snapshot", lines: 2);

        await using var app = await StartAsync();
        var run = await EndedAsync(app, left.Id);

        Assert.Equal((HarvestRun.Completed, 5, 5, 5), (run.Status, run.Lines, run.ModelsSeen, run.Published));
        Assert.Equal(["uploads/m3", "uploads/m4", "uploads/m5"],
            app.Of<ModelDiscovered>().Select(e => System.Text.Json.JsonSerializer.Deserialize<ModelDiscovered>(e.Json)!.Id).Order());
        Assert.Empty(Directory.GetFiles(Uploads));
    }

    [Fact]
    public async Task An_upload_run_whose_file_is_gone_or_changed_fails_saying_why_and_files_no_run_owns_are_deleted()
    {
        var gone = await LeftRunningAsync("20260101000000-gone0001", upload: null, lines: 0);
        var changed = await LeftRunningAsync("20260101000000-changed1", "20260101000000-changed1.snapshot", lines: 0);
        await File.AppendAllTextAsync(Path.Combine(Uploads, "20260101000000-changed1.snapshot"), "{\"id\":\"extra/line\"}\n");
        var onServer = await LeftRunningAsync("20260101000000-path0001", upload: null, lines: 1, new RunOptions { Path = "/somewhere/file.jsonl" });
        await File.WriteAllTextAsync(Path.Combine(Uploads, "0123456789abcdef0123456789abcdef.snapshot"), Lines(1, 2)); // an upload cut off by a kill

        await using var app = await StartAsync();

        Assert.Contains("import or send the file again", (await EndedAsync(app, gone.Id)).Failure);
        Assert.Contains("no longer whole", (await EndedAsync(app, changed.Id)).Failure);
        Assert.Contains("import or send the file again", (await EndedAsync(app, onServer.Id)).Failure);
        await Eventually.Get(() => Task.FromResult(Directory.GetFiles(Uploads).Length), n => n == 0, "the orphan and the changed upload to be deleted");
        Assert.Empty(app.Of<ModelDiscovered>());
    }

    /// <summary>
    /// The body of a client that gives up part way: once the server has written part of it to a file, its read fails and the
    /// request is aborted.
    /// </summary>
    sealed class AbortingStream(byte[] content, int abortAfter, string uploads) : Stream
    {
        int position;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position >= abortAfter)
            {
                await Eventually.Get(() => Task.FromResult(Directory.Exists(uploads) && Directory.GetFiles(uploads).Any(f => new FileInfo(f).Length > 0)), started => started,
                    "the server to start writing the upload");
                throw new IOException("the client gave up (test)");
            }

            var n = Math.Min(Math.Min(buffer.Length, 16 * 1024), content.Length - position);
            content.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
