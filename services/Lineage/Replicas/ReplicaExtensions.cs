using MassTransit;
using OpenAccess.ServiceDefaults;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Lineage.Replicas;

public static class ReplicaExtensions
{
    /// <summary>
    /// Reads <c>OpenAccess:Lineage:Replicas</c>. A reader gets its own queue, bound to the writer's notices (fan-out: every
    /// reader sees every notice), deleted when the reader goes (it loads the graph again at start, so what a dead reader's
    /// queue held is of no use) or, failing that, after <see cref="ReplicaOptions.QueueExpiry"/> unused; consumed one message
    /// at a time, in order, which the catch-up probe relies on.
    /// </summary>
    public static ReplicaOptions AddLineageReplicas(this IHostApplicationBuilder builder)
    {
        var options = (builder.Configuration.GetSection(ReplicaOptions.Section).Get<ReplicaOptions>() ?? new ReplicaOptions())
            .Resolve(builder.Configuration["HOSTNAME"] ?? Environment.MachineName);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ReplicaNotifier>();
        if (options.Mode != ReplicaMode.Reader)
        {
            return options;
        }

        builder.Services.AddSingleton<ReplicaCatchUp>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplicaCatchUp>());
        builder.Services.AddHealthChecks().AddCheck<ReplicaCaughtUpCheck>("lineage-replica", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.RequireBus().AddConsumer<ReplicaConsumer>().Endpoint(e =>
        {
            e.Name = options.QueueName;
            e.Temporary = true; // auto-delete, not durable
            e.ConcurrentMessageLimit = 1;
            e.AddConfigureEndpointCallback(endpoint =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.QueueExpiration = options.QueueExpiry;
                }
            });
        });
        return options;
    }
}
