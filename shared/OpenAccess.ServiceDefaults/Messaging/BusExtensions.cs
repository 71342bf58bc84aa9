using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenAccess.ServiceDefaults.Messaging.Progress;

namespace OpenAccess.ServiceDefaults.Messaging;

public static class BusExtensions
{
    /// <summary>Set to true to run on the in-memory transport: the Standalone host and unit-level tests only.</summary>
    public const string InMemoryKey = "OpenAccess:Bus:InMemory";

    const string RabbitMqKey = "ConnectionStrings:rabbitmq";

    /// <summary>
    /// The one MassTransit registration of the process. Services add their consumers afterwards with
    /// <see cref="AddServiceConsumer{TConsumer}"/>; endpoints are configured when the bus starts.
    /// </summary>
    internal static void AddOpenAccessBus(this IHostApplicationBuilder builder)
    {
        var rabbit = builder.Configuration[RabbitMqKey];
        var inMemory = builder.Configuration.GetValue<bool>(InMemoryKey);
        if (string.IsNullOrWhiteSpace(rabbit) && !inMemory)
        {
            return; // a process without consumers or publishers (the gateway) needs no bus; RequireBus says so to those that do
        }

        var retry = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        retry.Validate();

        var queues = new ConsumerQueues();
        if (!string.IsNullOrWhiteSpace(rabbit))
        {
            var broker = new Uri(rabbit);
            builder.Services.AddSingleton(_ => new QueueConsumersHealthCheck(broker, queues)); // a factory, so the container disposes it
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("bus-consumers",
                sp => sp.GetRequiredService<QueueConsumersHealthCheck>(), HealthStatus.Unhealthy, [ServiceDefaultsExtensions.ReadyTag],
                TimeSpan.FromMilliseconds(retry.ReadinessTimeoutMilliseconds)));
        }

        // Start-up waits for the bus, so nothing published at start-up goes out before consumers are bound.
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            builder.Properties[typeof(IBusRegistrationConfigurator)] = bus;
            bus.DisableUsageTelemetry(); // it calls out to the internet at start; our sites are often air-gapped
            bus.AddConsumeObserver<ConsumeLagObserver>();
            bus.AddBackpressureObservers(queues);
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.UseMessageRetry(r => r.Exponential(
                    retry.RetryLimit, TimeSpan.FromMilliseconds(retry.RetryMinMilliseconds),
                    TimeSpan.FromMilliseconds(retry.RetryMaxMilliseconds), TimeSpan.FromMilliseconds(retry.RetryMinMilliseconds)));
            });

            if (!string.IsNullOrWhiteSpace(rabbit))
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(rabbit));
                    cfg.PrefetchCount = retry.PrefetchCount;
                    ConfigureJson(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    ConfigureJson(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        builder.AddBackpressureReporting(queues, builder.RabbitMqBroker());
    }

    /// <summary>The RabbitMQ broker the bus runs on (<c>ConnectionStrings:rabbitmq</c>); null on the in-memory bus or none.</summary>
    public static Uri? RabbitMqBroker(this IHostApplicationBuilder builder) =>
        string.IsNullOrWhiteSpace(builder.Configuration[RabbitMqKey]) ? null : new Uri(builder.Configuration[RabbitMqKey]!);

    /// <summary>Fails start-up with the configuration key to set when the process has no bus.</summary>
    public static IBusRegistrationConfigurator RequireBus(this IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(typeof(IBusRegistrationConfigurator), out var value) && value is IBusRegistrationConfigurator bus)
        {
            return bus;
        }

        throw new InvalidOperationException(
            $"No message broker configured: set '{RabbitMqKey}' (e.g. amqp://guest:guest@localhost:5672/) " +
            $"or, in a single process, '{InMemoryKey}=true'. Call AddServiceDefaults() first.");
    }

    /// <summary>
    /// Registers a consumer on its own endpoint, named <c>{service}-{consumer in kebab case}</c>
    /// (e.g. <c>lineage-model-discovered</c>), so services sharing one broker or one process never share a queue.
    /// </summary>
    public static IHostApplicationBuilder AddServiceConsumer<TConsumer>(this IHostApplicationBuilder builder, string service)
        where TConsumer : class, IConsumer
    {
        var bus = builder.RequireBus();
        var name = $"{service}-{KebabCaseEndpointNameFormatter.Instance.Consumer<TConsumer>()}";
        bus.AddConsumer<TConsumer>().Endpoint(e => e.Name = name);
        return builder;
    }

    /// <summary>
    /// Registers a consumer of <see cref="Batch{T}"/> on its own endpoint, named as <see cref="AddServiceConsumer{TConsumer}"/>
    /// names it (the queue is the same whether the consumer takes messages one by one or in batches). A batch holds up to
    /// <see cref="BusOptions.BatchMessageLimit"/> messages, waits at most <see cref="BusOptions.BatchTimeLimitMilliseconds"/> to fill,
    /// and <see cref="BusOptions.BatchConcurrencyLimit"/> batches run at once; the endpoint's prefetch is raised to hold them all.
    /// When a batch throws, the retry policy takes each of its messages again alone (MassTransit delivers a message being retried
    /// at once, in a batch of its own), so a message that keeps failing goes to <c>_error</c> and the rest of its batch is stored.
    /// </summary>
    public static IHostApplicationBuilder AddServiceBatchConsumer<TConsumer>(this IHostApplicationBuilder builder, string service)
        where TConsumer : class, IConsumer
    {
        var bus = builder.RequireBus();
        var options = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        var name = $"{service}-{KebabCaseEndpointNameFormatter.Instance.Consumer<TConsumer>()}";
        bus.AddConsumer<TConsumer>(c => c.Options<BatchOptions>(o => o
                .SetMessageLimit(options.BatchMessageLimit)
                .SetTimeLimit(TimeSpan.FromMilliseconds(options.BatchTimeLimitMilliseconds))
                .SetConcurrencyLimit(options.BatchConcurrencyLimit)))
            .Endpoint(e => e.Name = name);
        return builder;
    }

    /// <summary>
    /// Enums as their names, and bodies without MassTransit's default indentation: a third fewer bytes a message for the
    /// broker to store and the consumers to read (docs/harvester.md). The harvester's ContractJson writes its events in these same
    /// conventions: a setting added here must be added there.
    /// </summary>
    static void ConfigureJson(IBusFactoryConfigurator cfg) =>
        cfg.ConfigureJsonSerializerOptions(options =>
        {
            options.WriteIndented = false;
            if (!options.Converters.OfType<JsonStringEnumConverter>().Any())
            {
                options.Converters.Add(new JsonStringEnumConverter());
            }

            return options;
        });
}

/// <summary>Bound from <c>OpenAccess:Bus</c>.</summary>
public sealed class BusOptions
{
    public const string Section = "OpenAccess:Bus";

    /// <summary>RabbitMQ's prefetch is a 16-bit count: every batch that may run at once must fit in it.</summary>
    const int MaxPrefetch = ushort.MaxValue;

    public int RetryLimit { get; set; } = 3;
    public int RetryMinMilliseconds { get; set; } = 200;
    public int RetryMaxMilliseconds { get; set; } = 5000;
    public int PrefetchCount { get; set; } = 64;

    /// <summary>
    /// Most messages a batch consumer takes at once (one store transaction for all of them). 64 by default, the prefetch
    /// the consumers had before they took batches, so a backlog of millions holds no more in memory than it did.
    /// </summary>
    public int BatchMessageLimit { get; set; } = 64;

    /// <summary>Longest a batch waits to fill before it is consumed as it is: the delay a lone message sees. 50 ms by default.</summary>
    public int BatchTimeLimitMilliseconds { get; set; } = 50;

    /// <summary>
    /// Batches of one endpoint consumed at once; the endpoint prefetches BatchMessageLimit × BatchConcurrencyLimit messages.
    /// 1 by default: with 2 batches of 100 the Standalone host kept 460 MiB after a 50,000-deep chain import, past the
    /// 300 MiB over warm the hostile-input tests allow (docs/lineage.md, "Throughput").
    /// </summary>
    public int BatchConcurrencyLimit { get; set; } = 1;

    /// <summary>
    /// Longest <c>/health/ready</c> waits for the broker to count the consumers of this process's queues (QueueConsumersHealthCheck)
    /// before it reports the check unhealthy. 5,000 ms by default.
    /// </summary>
    public int ReadinessTimeoutMilliseconds { get; set; } = 5000;

    public void Validate()
    {
        if (RetryLimit < 0) throw new InvalidOperationException("OpenAccess:Bus:RetryLimit must be 0 or more.");
        if (RetryMinMilliseconds <= 0) throw new InvalidOperationException("OpenAccess:Bus:RetryMinMilliseconds must be positive.");
        if (RetryMaxMilliseconds < RetryMinMilliseconds) throw new InvalidOperationException("OpenAccess:Bus:RetryMaxMilliseconds must be at least RetryMinMilliseconds.");
        if (PrefetchCount <= 0) throw new InvalidOperationException("OpenAccess:Bus:PrefetchCount must be positive.");
        if (BatchMessageLimit <= 0) throw new InvalidOperationException("OpenAccess:Bus:BatchMessageLimit must be positive.");
        if (BatchTimeLimitMilliseconds <= 0) throw new InvalidOperationException("OpenAccess:Bus:BatchTimeLimitMilliseconds must be positive.");
        if (ReadinessTimeoutMilliseconds <= 0) throw new InvalidOperationException("OpenAccess:Bus:ReadinessTimeoutMilliseconds must be positive.");
        if (BatchConcurrencyLimit <= 0) throw new InvalidOperationException("OpenAccess:Bus:BatchConcurrencyLimit must be positive.");
        if ((long)BatchMessageLimit * BatchConcurrencyLimit > MaxPrefetch)
        {
            throw new InvalidOperationException(
                $"OpenAccess:Bus:BatchMessageLimit × OpenAccess:Bus:BatchConcurrencyLimit must be at most {MaxPrefetch:N0}, the most messages RabbitMQ lets a consumer hold unacknowledged.");
        }
    }
}
