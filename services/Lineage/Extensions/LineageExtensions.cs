using OpenAccess.ServiceDefaults.FirstStart;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenAccess.Lineage.Consumers;
using OpenAccess.Lineage.Graph;
using OpenAccess.Lineage.Replicas;
using OpenAccess.Lineage.Storage;
using OpenAccess.ServiceDefaults.Messaging;
using OpenAccess.ServiceDefaults.Messaging.Replay;

namespace OpenAccess.Lineage.Extensions;

public static class LineageExtensions
{
    public const string ServiceName = "lineage";

    public static IHostApplicationBuilder AddLineage(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("OpenAccess:Lineage").Get<LineageOptions>() ?? new LineageOptions();
        options.Validate();
        builder.Services.AddSingleton(options);
        var replicas = builder.AddLineageReplicas();
        builder.AddLineageStores(ServiceName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddFirstStartImport();
        builder.Services.AddSingleton<GraphState>();
        builder.Services.AddSingleton<ModelIntake>();
        builder.Services.AddHostedService<GraphLoader>();
        builder.Services.AddSingleton<InferredParents>();
        if (options.Inference.Enabled)
        {
            // Replicas recover too: the answers are computed from the graph each holds, not stored.
            builder.Services.AddHostedService(sp => sp.GetRequiredService<InferredParents>());
        }
        builder.Services.AddHealthChecks().AddCheck<GraphReadyCheck>("lineage-graph", tags: [OpenAccess.ServiceDefaults.ServiceDefaultsExtensions.ReadyTag]);
        if (replicas.Mode == ReplicaMode.Reader)
        {
            return builder; // a reader follows the writer's store (Replicas/): it consumes no event of the Harvester's and publishes none
        }

        builder.Services.AddSingleton<AdoptionPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AdoptionPublisher>());
        builder.AddReplaySource<AdoptionReplaySource>();
        builder.AddServiceBatchEventConsumer<ModelsDiscoveredConsumer>(ServiceName);
        builder.AddServiceConsumer<BenchmarkUpdatedConsumer>(ServiceName);
        return builder;
    }
}
