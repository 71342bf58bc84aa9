using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using OpenAccess.Integration.Tests.Infrastructure;
using OpenAccess.Standalone;

namespace OpenAccess.Integration.Tests;

/// <summary>Without an admin key, the Standalone host refuses to listen where other machines can reach its admin routes.</summary>
public sealed class StandaloneListenAddressTests : IDisposable
{
    readonly string data = Directory.CreateTempSubdirectory("openaccess-listen-").FullName;

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Theory]
    [InlineData("--urls=http://0.0.0.0:8080", "http://0.0.0.0:8080")]
    [InlineData("--urls=http://*:8080", "http://*:8080")]
    [InlineData("--urls=http://+:8080", "http://+:8080")]
    [InlineData("--urls=http://[::]:8080", "http://[::]:8080")]
    [InlineData("--urls=http://192.0.2.10:8080", "http://192.0.2.10:8080")]
    [InlineData("--urls=http://openaccess.example.org:8080", "http://openaccess.example.org:8080")]
    [InlineData("--urls=http://localhost:8080;http://0.0.0.0:8081", "http://0.0.0.0:8081")]
    [InlineData("--http_ports=8080", "http://*:8080")]
    [InlineData("--Kestrel:Endpoints:web:Url=http://0.0.0.0:8080", "http://0.0.0.0:8080")]
    public void Listening_beyond_loopback_without_a_key_is_refused_naming_the_address_and_both_settings(string setting, string address)
    {
        var error = Assert.Throws<ArgumentException>(() => Build(setting));

        Assert.Contains(address, error.Message);
        Assert.Contains("Gateway:AdminApiKeySha256", error.Message);
        Assert.Contains("--OpenAccess:AllowUnauthenticatedAdmin=true", error.Message);
    }

    [Theory]
    [InlineData("--urls=http://localhost:0")]
    [InlineData("--urls=http://127.0.0.1:0")]
    [InlineData("--urls=http://[::1]:0")]
    [InlineData("--urls=http://0.0.0.0:0", "--OpenAccess:AllowUnauthenticatedAdmin=true")]
    [InlineData("--urls=http://0.0.0.0:0", "--Gateway:AdminApiKeySha256=0c58e527f94ad65e20c52065c5e7f293ebaeaf18b8ebb1d77a3546da7e31a898")]
    public async Task Loopback_or_a_key_or_the_explicit_setting_is_not_refused(params string[] settings)
    {
        await using var app = Build(settings);
        Assert.NotNull(app.Services);
    }

    /// <summary>As a user sees it: the process ends at once with exit code 2 and one line saying why, before it listens.</summary>
    [Fact]
    public async Task The_process_exits_with_the_reason_instead_of_listening()
    {
        var host = Path.Combine(AppContext.BaseDirectory, "OpenAccess.Standalone.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [host, "--urls", "http://0.0.0.0:0", $"--OpenAccess:DataDirectory={data}"])
        {
            RedirectStandardError = true,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        // Not a timing assertion: a host that does not refuse would listen for ever, so the test stops it and fails.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the Standalone host started listening on 0.0.0.0 without an admin key");
        }

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("openaccess: refusing to listen on http://0.0.0.0:0 without an admin key", await stderr);
    }

    WebApplication Build(params string[] settings) => StandaloneHost.Build([$"--OpenAccess:DataDirectory={data}", "--OpenAccess:Harvester:Seed=", .. settings]);
}
