namespace OpenAccess.Contracts;

/// <summary>
/// Several <see cref="ModelDiscovered"/> in one message: the models of one of the Harvester's publish batches, in the order
/// it read them, at most <c>OpenAccess:Harvester:Publish:ModelsPerBatchEvent</c> (100 by default) and about
/// <c>ModelsPerBatchEventBytes</c> (4 MiB of source records by default) a message. Published by the Harvester beside the
/// per-model events (which <c>OpenAccess:Harvester:Publish:ModelDiscoveredEvents</c> can turn off), carrying the same records:
/// a subscriber binds to one of the two, never both. The broker's work is per message, so a consumer that stores many models
/// at once (one transaction a message) binds to this one; one that handles a model at a time binds to <see cref="ModelDiscovered"/>.
/// The message id is derived from the message ids of the models in it: the same batch published again has the same id.
/// </summary>
public sealed record ModelsDiscovered
{
    /// <summary>The models, in the order the Harvester read them; an id appears at most once in a message.</summary>
    public required IReadOnlyList<DiscoveredModel> Models { get; init; }
}

/// <summary>One model of a ModelsDiscovered message: the model, and the message id of its own ModelDiscovered.</summary>
/// <param name="MessageId">
/// The message id the same model revision's own <see cref="ModelDiscovered"/> is published under (derived from the model's id and
/// content): a subscriber that counts or deduplicates models recognises the revision whichever of the two it came in.
/// </param>
/// <param name="Model">The model, exactly as its <see cref="ModelDiscovered"/> carries it.</param>
public sealed record DiscoveredModel(Guid MessageId, ModelDiscovered Model);
