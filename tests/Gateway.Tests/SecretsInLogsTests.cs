using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAccess.Gateway.Extensions;

namespace OpenAccess.Gateway.Tests;

/// <summary>The admin key, right or wrong, never reaches a log line, even at the most verbose level.</summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    const string Key = "s3cr3t-admin-key-4711";
    const string WrongKey = "wr0ng-admin-key-0815";
    RecordingBackend backend = null!;

    public async ValueTask InitializeAsync() => backend = await RecordingBackend.StartAsync("harvester");

    public ValueTask DisposeAsync() => backend.DisposeAsync();

    [Fact]
    public async Task Admin_keys_and_their_hash_are_never_logged()
    {
        var logs = new LogCapture();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)));
        await using var gateway = new VerboseGateway(backend.Address, hash, logs);
        var client = gateway.CreateClient();

        foreach (var key in new[] { Key, WrongKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/harvest/runs") { Content = new StringContent("{}") };
            request.Headers.Add("X-Api-Key", key);
            using var response = await client.SendAsync(request);
            Assert.Equal(key == Key ? HttpStatusCode.OK : HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.True(logs.Lines.Count > 20, $"the capture saw only {logs.Lines.Count} lines: logging is not verbose enough for this test to mean anything");
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Key) || l.Contains(WrongKey) || l.Contains(hash, StringComparison.OrdinalIgnoreCase));
    }

    sealed class VerboseGateway : WebApplicationFactory<GatewayOptions>
    {
        readonly Uri backend;
        readonly string hash;
        readonly LogCapture logs;

        public VerboseGateway(Uri backend, string hash, LogCapture logs)
        {
            (this.backend, this.hash, this.logs) = (backend, hash, logs);
            UseKestrel();
            StartServer();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.OnFreeLoopbackPort();
            builder.UseSetting("Gateway:AdminApiKeySha256", hash);
            builder.UseSetting("ReverseProxy:Clusters:harvester:Destinations:primary:Address", backend.ToString());
            builder.UseSetting("Logging:LogLevel:Default", "Trace");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            builder.UseSetting("Logging:LogLevel:Yarp", "Trace");
            builder.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs));
        }
    }
}

/// <summary>Every formatted log line and its structured values, as text.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            capture.Lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            capture.Lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {values} {exception}");
        }
    }
}
