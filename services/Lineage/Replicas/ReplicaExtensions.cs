using MassTransit;
using OpenAccess.ServiceDefaults;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Lineage.Replicas;

public static class ReplicaExtensions
{
    /// <summary>
    /// Reads <c>OpenAccess:Lineage:Replicas</c>. A reader gets its own queue, bound to the writer's notices (fan-out: every
    /// reader sees every notice), durable, so that a dropped connection or a broker restart loses none of them, and deleted by
    /// the broker once unused for <see cref="ReplicaOptions.QueueExpiry"/> (a reader gone for good; one that comes back loads
    /// the graph again anyway). It is consumed one message at a time, in order, which the catch-up probe relies on.
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

        // Before the graph loader (AddLineage adds it after this): the queue is bound before the graph is loaded.
        builder.Services.AddSingleton<ReplicaSubscription>();
        builder.Services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<ReplicaSubscription>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplicaSubscription>());
        builder.Services.AddSingleton<ReplicaCatchUp>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplicaCatchUp>());
        builder.Services.AddHealthChecks().AddCheck<ReplicaCaughtUpCheck>("lineage-replica", tags: [ServiceDefaultsExtensions.ReadyTag]);
        builder.RequireBus().AddConsumer<ReplicaConsumer>().Endpoint(e =>
        {
            e.Name = options.QueueName;
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
