using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenAccess.Integration.Tests.Infrastructure;

namespace OpenAccess.Integration.Tests;

/// <summary>
/// <c>POST /api/harvest/runs</c> with <c>options.path</c> reads only regular files inside <c>OpenAccess:Harvester:ImportFolder</c>;
/// of any other file nothing is read, hashed, quarantined or told.
/// </summary>
public sealed class StandaloneImportFolderTests : IDisposable
{
    const string Setting = "OpenAccess:Harvester:ImportFolder";
    const string SecretLine = "TOP SECRET: not a model record";
    readonly string root = Directory.CreateTempSubdirectory("openaccess-import-folder-").FullName;
    readonly string data, imports, secret, secretSha;

    public StandaloneImportFolderTests()
    {
        data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        imports = Directory.CreateDirectory(Path.Combine(root, "imports")).FullName;
        var outside = Directory.CreateDirectory(Path.Combine(root, "outside")).FullName;
        secret = Path.Combine(outside, "secret.jsonl");
        File.WriteAllText(secret, $"{{\"id\":\"secret/model\"}}\n{SecretLine}\n");
        secretSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(secret)));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task Without_an_import_folder_a_path_is_refused_naming_the_setting_that_enables_it()
    {
        await using var app = await StandaloneProcess.StartAsync(data);
        using var client = StandaloneProcess.Client(app);

        foreach (var source in new[] { "snapshot", "leaderboard-v1", "leaderboard-v2" })
        {
            var detail = await RefusedAsync(client, source, secret);
            Assert.Contains(Setting, detail);
        }

        await AssertNothingReadAsync(client);
    }

    [Fact]
    public async Task Paths_that_lead_out_of_the_folder_or_to_no_regular_file_are_refused_and_nothing_of_the_file_is_told()
    {
        File.CreateSymbolicLink(Path.Combine(imports, "link.jsonl"), secret);
        File.CreateSymbolicLink(Path.Combine(imports, "relative-link.jsonl"), Path.Combine("..", "outside", "secret.jsonl"));
        Directory.CreateSymbolicLink(Path.Combine(imports, "elsewhere"), Path.GetDirectoryName(secret)!);
        Directory.CreateSymbolicLink(Path.Combine(imports, "loop-a"), Path.Combine(imports, "loop-b"));
        Directory.CreateSymbolicLink(Path.Combine(imports, "loop-b"), Path.Combine(imports, "loop-a"));
        File.CreateSymbolicLink(Path.Combine(imports, "null"), "/dev/null");
        File.WriteAllText(Path.Combine(imports, "empty.jsonl"), "");
        Directory.CreateDirectory(Path.Combine(imports, "folder"));
        var hasFifo = OperatingSystem.IsLinux() && MakeFifo(Path.Combine(imports, "fifo"));
        var unreadable = Path.Combine(imports, "unreadable.jsonl");
        File.WriteAllText(unreadable, "{\"id\":\"org/model\"}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(unreadable, UnixFileMode.None);
        // root reads any file whatever its mode; then there is no unreadable file to try.
        var canBeUnreadable = !CanRead(unreadable);
        await using var app = await StandaloneProcess.StartAsync(data, $"--{Setting}={imports}");
        using var client = StandaloneProcess.Client(app);

        var outside = new[]
        {
            secret, "../outside/secret.jsonl", $"{imports}/../outside/secret.jsonl", "link.jsonl", "relative-link.jsonl",
            "elsewhere/secret.jsonl", "null", "/etc/passwd", "/proc/self/environ", "..",
        };
        foreach (var path in outside)
        {
            Assert.Contains("outside the import folder", await RefusedAsync(client, "snapshot", path));
        }

        Assert.Contains("no file", await RefusedAsync(client, "snapshot", "missing.jsonl"));
        Assert.Contains("is a folder", await RefusedAsync(client, "snapshot", "folder"));
        Assert.Contains("is a folder", await RefusedAsync(client, "snapshot", "."));
        Assert.Contains("not a regular file", await RefusedAsync(client, "snapshot", "empty.jsonl"));
        Assert.Contains("symbolic links", await RefusedAsync(client, "snapshot", "loop-a/x.jsonl"));
        Assert.Contains("control characters", await RefusedAsync(client, "snapshot", "a\u0000b"));
        Assert.Contains("empty", await RefusedAsync(client, "snapshot", ""));
        if (canBeUnreadable)
        {
            Assert.Contains("cannot be read", await RefusedAsync(client, "snapshot", "unreadable.jsonl"));
        }

        if (hasFifo)
        {
            Assert.Contains("not a regular file", await RefusedAsync(client, "snapshot", "fifo"));
        }

        Assert.Contains("outside the import folder", await RefusedAsync(client, "leaderboard-v1", "link.jsonl"));
        await AssertNothingReadAsync(client);
    }

    [Fact]
    public async Task A_file_in_the_folder_is_imported_by_its_name_or_its_full_path()
    {
        var lines = Snapshot.Lines(Snapshot.BundledPath).Take(3).ToArray();
        await File.WriteAllLinesAsync(Path.Combine(imports, "three.jsonl"), lines);
        Directory.CreateDirectory(Path.Combine(imports, "nested"));
        File.CreateSymbolicLink(Path.Combine(imports, "nested", "again.jsonl"), Path.Combine(imports, "three.jsonl"));
        await using var app = await StandaloneProcess.StartAsync(data, $"--{Setting}={imports}");
        var api = new ApiClient(StandaloneProcess.Client(app));

        foreach (var path in new[] { "three.jsonl", Path.Combine(imports, "three.jsonl"), "nested/../nested/again.jsonl" })
        {
            using var response = await api.Http.PostAsJsonAsync("/api/harvest/runs", new { source = "snapshot", options = new { path } });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var run = await api.WaitForRunAsync((await response.Content.ReadFromJsonAsync<ApiClient.Run>(ApiClient.Json))!.Id);
            Assert.Equal(("completed", 3, 0), (run.Status, run.Lines, run.Rejected));
        }
    }

    [Fact]
    public void An_import_folder_that_does_not_exist_fails_start_up_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StandaloneProcess.Build(data, $"--{Setting}={Path.Combine(root, "nope")}"));
        Assert.Contains(Setting, error.Message);
    }

    async Task<string> RefusedAsync(HttpClient client, string source, string path)
    {
        using var response = await client.PostAsJsonAsync("/api/harvest/runs", new { source, options = new { path } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{source} {path}: {response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(secretSha, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SecretLine, body);
        Assert.DoesNotContain(Path.GetDirectoryName(secret)!, path.Length == 0 ? body : body.Replace(path, "", StringComparison.Ordinal));
        return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
    }

    static async Task AssertNothingReadAsync(HttpClient client)
    {
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/harvest/runs")).EnumerateArray());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/harvest/quarantine")).EnumerateArray());
    }

    static bool CanRead(string path)
    {
        try
        {
            using var _ = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    static bool MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]));
        mkfifo!.WaitForExit();
        return mkfifo.ExitCode == 0;
    }
}
