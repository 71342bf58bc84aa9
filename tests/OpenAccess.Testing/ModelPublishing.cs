using MassTransit;
using OpenAccess.Contracts;
using OpenAccess.ServiceDefaults.Messaging;

namespace OpenAccess.Testing;

/// <summary>Models on the bus as the services take them: one <see cref="ModelsDiscovered"/> carrying the models given, in order.</summary>
public static class ModelPublishing
{
    public static Task PublishModels(this IPublishEndpoint bus, params ModelDiscovered[] models) =>
        bus.Publish(new ModelsDiscovered { Models = [.. models.Select(Entry)] });

    /// <summary>A model with the message id of its own ModelDiscovered: derived from its id, revision and time, as the harvester derives it from id and content.</summary>
    public static DiscoveredModel Entry(ModelDiscovered model) =>
        new(MessageIds.From(nameof(ModelDiscovered), model.Id, model.Sha, model.LastModified?.ToString("O")), model);
}
