using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAccess.Harvester.Storage;
using OpenAccess.Harvester.Tests.Infrastructure;

namespace OpenAccess.Harvester.Tests.Hub;

/// <summary>The Hub token goes to the Hub as a bearer header and nowhere else: no log line carries it, at any level.</summary>
public sealed class TokenNeverLoggedTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("openaccess-token-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_whole_hub_run_at_trace_level_never_logs_the_token()
    {
        var logs = new ConcurrentQueue<string>();
        var hub = await FakeHub.StartAsync(RealModels.FromSeed(8).Chunk(4));
        await using var server = hub.Server;
        await using var app = await HarvesterApp.StartAsync(folder, server.Address, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddFilter(_ => true);
            builder.Services.AddSingleton<ILoggerProvider>(new Capture(logs));
        });

        var response = await app.Http.PostAsJsonAsync("/runs", new { source = "hub" });
        var run = (await response.Content.ReadFromJsonAsync<HarvestRun>())!;
        var done = await Eventually.Get(() => app.Http.GetFromJsonAsync<HarvestRun>($"/runs/{run.Id}")!, r => r!.Status is not (HarvestRun.Queued or HarvestRun.Running), "the run to end");

        Assert.Equal(HarvestRun.Completed, done!.Status);
        Assert.All(server.Requests, r => Assert.Equal("Bearer hf_test_token", r.Authorization));
        Assert.True(logs.Count > 50, $"only {logs.Count} log lines: not verbose enough for this test to mean anything");
        Assert.DoesNotContain(logs, line => line.Contains("hf_test_token"));
    }

    sealed class Capture(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);

        public void Dispose() { }

        sealed class Logger(ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lines.Enqueue($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {values} {exception}");
            }
        }
    }
}
