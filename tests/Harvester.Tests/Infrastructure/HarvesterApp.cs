using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAccess.Contracts;
using OpenAccess.Harvester.Apis;
using OpenAccess.Harvester.Extensions;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults;

namespace OpenAccess.Harvester.Tests.Infrastructure;

/// <summary>The Harvester service as it runs (in-memory bus, SQLite in a folder of the test's), with every publish captured.</summary>
public sealed class HarvesterApp : IAsyncDisposable
{
    /// <summary>
    /// A published event; <see cref="Json"/> leaves out the run it came from (<see cref="RunId"/>), so a resumed run's events
    /// compare equal to an uninterrupted run's.
    /// </summary>
    public sealed record Published(Guid? MessageId, string Type, string Json, string? RunId = null, object? Message = null);

    readonly WebApplication app;
    public ConcurrentQueue<Published> Events { get; }
    public HttpClient Http { get; }
    public IServiceProvider Services => app.Services;

    HarvesterApp(WebApplication app, ConcurrentQueue<Published> events)
    {
        this.app = app;
        Events = events;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    /// <summary>Short waits and retries so the tests take seconds: a real Hub answer is replayed, not a real minute waited.</summary>
    public static Task<HarvesterApp> StartAsync(string dataDirectory, Uri hub, params (string Key, string Value)[] settings) =>
        StartAsync(dataDirectory, hub, configure: null, settings);

    public static async Task<HarvesterApp> StartAsync(string dataDirectory, Uri hub, Action<WebApplicationBuilder>? configure, params (string Key, string Value)[] settings)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0", $"--OpenAccess:DataDirectory={dataDirectory}", "--OpenAccess:Bus:InMemory=true",
            $"--OpenAccess:Harvester:Hub:BaseAddress={hub}", $"--OpenAccess:Harvester:Hub:DatasetsServerAddress={hub}",
            "--OpenAccess:Harvester:Hub:RetryDelay=00:00:00.050", "--OpenAccess:Harvester:Hub:ProgressLogInterval=00:00:00.200",
            "--HF_TOKEN=hf_test_token", "--Logging:LogLevel:Default=Warning",
            // Fetching roots' config.json after a run publishes them again; the tests of it (ConfigFileHarvestTests) switch it on.
            "--OpenAccess:Harvester:Configs:Fetch=false",
        };
        args.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var builder = WebApplication.CreateBuilder([.. args]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddServiceDefaults(HarvesterExtensions.ServiceName);
        builder.AddHarvester();
        // After the service's own registrations, so that a test's replace them (a clock, a store wrapped).
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapHarvesterApi();
        // Captured from before the host starts: a run it resumes at start can publish before StartAsync returns.
        var events = new ConcurrentQueue<Published>();
        app.Services.GetRequiredService<IBus>().ConnectPublishObserver(new Capture(events));
        await app.StartAsync();
        return new HarvesterApp(app, events);
    }

    public T Get<T>() where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>Imports a file and waits for the run to end: the run as the admin API then shows it (the store's record of it).</summary>
    public async Task<HarvestRun> ImportAsync(string path)
    {
        var run = await Get<ImportService>().ImportFileAsync(path, onlyOnce: false, default);
        return (await Eventually.Get(() => Http.GetFromJsonAsync<HarvestRun>($"/runs/{run!.Id}")!, r => r!.Status is HarvestRun.Completed or HarvestRun.Failed, "the import"))!;
    }

    public IReadOnlyList<Published> Of<T>() => Events.Where(e => e.Type == typeof(T).Name).ToList();

    /// <summary>
    /// Longer than the host's shutdown timeout (30 s), which bounds the stop; the disposal after it has no bound of its own,
    /// and one that hangs (a pipeline waiting on a request on a fake clock) must fail its test, not the whole run.
    /// </summary>
    static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(60);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await app.StopAsync().WaitAsync(StopLimit);
            await app.DisposeAsync().AsTask().WaitAsync(StopLimit);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The harvester did not stop and dispose within {StopLimit.TotalSeconds} s each: something it holds never ends", e);
        }
    }

    sealed class Capture(ConcurrentQueue<Published> events) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context) where T : class
        {
            var (message, runId) = context.Message switch
            {
                ModelDiscovered m => ((object)(m with { HarvestRunId = null }), m.HarvestRunId),
                BenchmarkUpdated b => (b with { HarvestRunId = null }, b.HarvestRunId),
                var other => (other, (string?)null),
            };
            events.Enqueue(new Published(context.MessageId, typeof(T).Name, JsonSerializer.Serialize(message, message.GetType()), runId, context.Message));
            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
