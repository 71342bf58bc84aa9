using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using OpenAccess.Harvester.Consumers;
using OpenAccess.Harvester.Formats;
using OpenAccess.Harvester.Hub;
using OpenAccess.Harvester.Importing;
using OpenAccess.Harvester.Leaderboards;
using OpenAccess.Harvester.Publishing;
using OpenAccess.Harvester.Runs;
using OpenAccess.Harvester.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Messaging.Replay;
using OpenAccess.ServiceDefaults.Storage;
using Polly;

namespace OpenAccess.Harvester.Extensions;

public static class HarvesterExtensions
{
    public const string ServiceName = "harvester";

    public static IHostApplicationBuilder AddHarvester(this IHostApplicationBuilder builder)
    {
        // Before anything decompresses: the runtime reads the switch once (GuardedGzipStream).
        AppContext.SetSwitch(GuardedGzipStream.StrictValidationSwitch, true);
        builder.RequireBus();
        builder.AddServiceConsumer<HarvestRunProgressConsumer>(ServiceName);
        builder.AddServiceStore<IHarvestStore>(ServiceName, db => new SqliteHarvestStore(db), db => new MongoHarvestStore(db), sqlitePageSize: SqliteHarvestStore.PageSize);
        var options = builder.Configuration.GetSection("OpenAccess:Harvester").Get<StartupImportOptions>() ?? new StartupImportOptions();
        builder.Services.AddSingleton(options);
        var limits = builder.Configuration.GetSection(ImportLimits.Section).Get<ImportLimits>() ?? new ImportLimits();
        limits.Validate();
        builder.Services.AddSingleton(limits);
        builder.Services.TryAddSingleton(TimeProvider.System);
        var publish = builder.Configuration.GetSection(PublishOptions.Section).Get<PublishOptions>() ?? new PublishOptions();
        publish.Validate();
        builder.Services.AddSingleton(publish);
        if (publish.Direct && builder.RabbitMqBroker() is { } broker)
        {
            builder.Services.AddSingleton<IEventPublisher>(sp => new RabbitMqEventPublisher(sp.GetRequiredService<MassTransit.IBus>(), broker, publish, sp.GetRequiredService<ILogger<RabbitMqEventPublisher>>()));
        }
        else
        {
            builder.Services.AddSingleton<IEventPublisher>(sp => new BusEventPublisher(sp.GetRequiredService<MassTransit.IBus>(), publish));
        }

        var configs = (builder.Configuration.GetSection(ConfigFileOptions.Section).Get<ConfigFileOptions>() ?? new ConfigFileOptions()).Validate();
        builder.Services.AddSingleton(configs);
        builder.Services.AddSingleton<ParentTally>();
        builder.Services.AddSingleton<ModelBatchWriter>();
        builder.Services.AddSingleton<BenchmarkBatchWriter>();
        builder.AddReplaySource<ModelReplaySource>();
        builder.Services.AddSingleton<ModelReplaySource>();
        builder.AddReplaySource<ModelBatchReplaySource>();
        builder.Services.AddSingleton<SnapshotImporter>();
        builder.Services.AddSingleton<SnapshotExporter>();
        builder.Services.AddSingleton<ImportQueue>();
        builder.Services.AddSingleton<ImportService>();
        builder.Services.AddHostedService<ImportWorker>();
        builder.Services.AddSingleton<StartupImports>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StartupImports>());
        builder.AddHubClient();
        builder.Services.AddSingleton<HubHarvester>();
        builder.Services.AddSingleton(BundledConfigFiles.From(options));
        builder.Services.AddSingleton<ConfigFileHarvester>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConfigFileHarvester>());
        builder.Services.AddSingleton<LeaderboardRowsHarvester>();
        builder.Services.AddSingleton(ImportFolder.From(builder.Configuration[ImportFolder.Setting]));
        builder.Services.AddSingleton<RunManager>();
        // Before the resumer and the scheduler, which start runs: hosted services stop in reverse order, so it waits for runs last.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RunManager>());
        builder.Services.AddHostedService<RunResumer>();
        var schedule = (builder.Configuration.GetSection(ScheduleOptions.Section).Get<ScheduleOptions>() ?? new ScheduleOptions()).Validate();
        if (schedule.Count > 0)
        {
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<RunScheduler>(sp, schedule));
        }

        return builder;
    }

    /// <summary>The Hub's HTTP client: the standard resilience handler retries 5xx and timeouts with jittered backoff; 429s are left to <see cref="HubClient"/>, which waits as the Hub says.</summary>
    static void AddHubClient(this IHostApplicationBuilder builder)
    {
        var hub = builder.Configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        hub.Token ??= builder.Configuration["HF_TOKEN"];
        hub.Validate();
        builder.Services.AddSingleton(hub);
        builder.Services.AddSingleton<RateLimitPacer>();
        builder.Services.AddSingleton<RateLimitPacers>();
        builder.Services.AddTransient<HubRequestHandler>();
        builder.Services.AddHttpClient<HubClient>(HubClient.HttpClientName, http =>
            {
                http.BaseAddress = hub.BaseAddress;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("OpenAccess-Harvester/1.0");
                if (!string.IsNullOrWhiteSpace(hub.Token))
                {
                    http.DefaultRequestHeaders.Authorization = new("Bearer", hub.Token);
                }
            })
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.Retry.MaxRetryAttempts = Math.Max(1, hub.MaxRetries);
                resilience.Retry.Delay = hub.RetryDelay;
                resilience.Retry.BackoffType = DelayBackoffType.Exponential;
                resilience.Retry.UseJitter = true;
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(hub.MaxRetries > 0 && args.Outcome switch
                {
                    { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
                    { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == System.Net.HttpStatusCode.RequestTimeout,
                    _ => false,
                });
                resilience.AttemptTimeout.Timeout = hub.AttemptTimeout;
                resilience.TotalRequestTimeout.Timeout = hub.AttemptTimeout * (hub.MaxRetries + 2) + hub.RetryDelay * Math.Pow(2, hub.MaxRetries + 1);
                resilience.CircuitBreaker.SamplingDuration = hub.AttemptTimeout * 2;
            });
        builder.Services.AddHttpClient(HubClient.HttpClientName).AddHttpMessageHandler<HubRequestHandler>();
    }
}
