using System.Text.Json.Serialization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenAccess.ServiceDefaults.Messaging.Envelope;
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
    /// Registers a consumer of an event that carries many records a message (<see cref="OpenAccess.Contracts.ModelsDiscovered"/>) on
    /// its own endpoint, named as <see cref="AddServiceConsumer{TConsumer}"/> names it. Each message is one store transaction, so the
    /// endpoint holds few: <see cref="BusOptions.BatchEventPrefetchCount"/> prefetched, <see cref="BusOptions.BatchConcurrencyLimit"/>
    /// consumed at once. Its bodies, the largest on the bus, are read once (<see cref="ReadOnceJsonDeserializer"/>), not parsed
    /// into a document first as MassTransit's deserializer does.
    /// </summary>
    public static IHostApplicationBuilder AddServiceBatchEventConsumer<TConsumer>(this IHostApplicationBuilder builder, string service)
        where TConsumer : class, IConsumer
    {
        var bus = builder.RequireBus();
        var options = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        var name = $"{service}-{KebabCaseEndpointNameFormatter.Instance.Consumer<TConsumer>()}";
        bus.AddConsumer<TConsumer>().Endpoint(e =>
        {
            e.Name = name;
            e.PrefetchCount = Math.Max(options.BatchEventPrefetchCount, options.BatchConcurrencyLimit);
            e.ConcurrentMessageLimit = options.BatchConcurrencyLimit;
            e.AddConfigureEndpointCallback(endpoint => endpoint.AddDeserializer(new ReadOnceJsonSerializerFactory()));
        });
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
    /// Messages of many records each (<see cref="OpenAccess.Contracts.ModelsDiscovered"/>, 100 models by default) a batch-event
    /// endpoint holds unacknowledged: one being stored and the next ones ready. 4 by default, so a backlog of millions holds about
    /// 400 models in a consumer's memory.
    /// </summary>
    public int BatchEventPrefetchCount { get; set; } = 4;

    /// <summary>
    /// Messages of a batch-event endpoint consumed at once (each a store transaction). 1 by default: with 2 batches of 100 the
    /// Standalone host kept 460 MiB after a 50,000-deep chain import, past the 300 MiB over warm the hostile-input tests allow
    /// (docs/lineage.md, "Throughput").
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
        if (BatchEventPrefetchCount <= 0) throw new InvalidOperationException("OpenAccess:Bus:BatchEventPrefetchCount must be positive.");
        if (ReadinessTimeoutMilliseconds <= 0) throw new InvalidOperationException("OpenAccess:Bus:ReadinessTimeoutMilliseconds must be positive.");
        if (BatchConcurrencyLimit <= 0) throw new InvalidOperationException("OpenAccess:Bus:BatchConcurrencyLimit must be positive.");
        if (BatchEventPrefetchCount > MaxPrefetch || BatchConcurrencyLimit > MaxPrefetch)
        {
            throw new InvalidOperationException(
                $"OpenAccess:Bus:BatchEventPrefetchCount and OpenAccess:Bus:BatchConcurrencyLimit must be at most {MaxPrefetch:N0}, the most messages RabbitMQ lets a consumer hold unacknowledged.");
        }
    }
}
